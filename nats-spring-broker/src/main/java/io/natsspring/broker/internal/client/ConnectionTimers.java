package io.natsspring.broker.internal.client;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection's auth timeout and its ping timer, as {@code nats-server} runs them. The ping timer fires one
 * ping interval after its previous tick. It sends a PING unless the client showed activity (a message, a
 * SUB/UNSUB or a PING) since that tick while the last PING went out less than an hour ago (nats-server
 * re-measures the round trip hourly), and it closes the connection with {@code Stale Connection} when
 * {@code max_pings_out} PINGs are unanswered. A PONG resets the count. Runs on the connection's event loop, where
 * the activity mark is written too.
 *
 * <p>Not done as nats-server does: its first PING comes about 2 s after CONNECT (then one per interval); ours comes
 * one interval after the connection opened.
 *
 * <p>Why not Netty's {@code IdleStateHandler}: it counts every read as activity, PONGs included, while
 * nats-server counts only messages, subscriptions and PINGs; and nats-server pings a busy client anyway to
 * measure its round trip, once at first and then hourly. The handler's reader/writer/all-idle events express
 * neither without a timer of our own beside it, so the timer stays ours.
 */
final class ConnectionTimers {

    /** nats-server's {@code DEFAULT_RTT_MEASUREMENT_INTERVAL}. */
    private static final long RTT_REFRESH_NANOS = TimeUnit.HOURS.toNanos(1);

    private final ClientConnection connection;
    private final ConnectionLimits limits;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> authTimer;
    private int pingsOut;
    private boolean activity;
    /** {@code System.nanoTime()} of the last PING sent; 0 before the first. */
    private long lastPingNanos;

    ConnectionTimers(ClientConnection connection, ConnectionLimits limits) {
        this.connection = connection;
        this.limits = limits;
    }

    /** Starts the ping timer and, when authentication is required, the auth timeout. */
    void start(EventLoop loop, boolean authRequired) {
        if (authRequired) {
            authTimer =
                    loop.schedule(connection::authTimedOut, limits.authTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        long p = limits.pingInterval().toNanos();
        // re-armed after each tick like nats-server's timer: a late tick never makes the next ones come in a burst
        pingTimer = loop.scheduleWithFixedDelay(this::tick, p, p, TimeUnit.NANOSECONDS);
    }

    /** The CONNECT was accepted: the auth timeout no longer applies. */
    void connected() {
        if (authTimer != null) {
            authTimer.cancel(false);
            authTimer = null;
        }
    }

    /** The client sent a message, a SUB/UNSUB or a PING. */
    void activity() {
        activity = true;
    }

    void pongReceived() {
        pingsOut = 0;
    }

    void cancel() {
        if (pingTimer != null) {
            pingTimer.cancel(false);
        }
        if (authTimer != null) {
            authTimer.cancel(false);
        }
    }

    private void tick() {
        boolean busy = activity;
        activity = false;
        long now = System.nanoTime();
        boolean needRtt = lastPingNanos == 0 || now - lastPingNanos > RTT_REFRESH_NANOS;
        if (busy && !needRtt) {
            return;
        }
        if (pingsOut + 1 > limits.maxPingsOut()) {
            connection.closeWithError("Stale Connection");
            return;
        }
        pingsOut++;
        lastPingNanos = now;
        connection.sendPing();
    }
}
