package io.natsspring.broker.internal.client;

import io.netty.channel.EventLoop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection's auth timeout and its ping timer: a PING every ping interval, and {@code Stale Connection} when
 * {@code max_pings_out} PINGs are unanswered. A PONG resets the count. Runs on the connection's event loop.
 */
final class ConnectionTimers {

    private final ClientConnection connection;
    private final ConnectionLimits limits;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> authTimer;
    private int pingsOut;

    ConnectionTimers(ClientConnection connection, ConnectionLimits limits) {
        this.connection = connection;
        this.limits = limits;
    }

    /** Starts the ping timer and, when authentication is required, the auth timeout. */
    void start(EventLoop loop, boolean authRequired) {
        if (authRequired) {
            authTimer = loop.schedule(connection::authTimedOut, limits.authTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        long p = limits.pingInterval().toNanos();
        pingTimer = loop.scheduleAtFixedRate(this::tick, p, p, TimeUnit.NANOSECONDS);
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
        if (pingsOut + 1 > limits.maxPingsOut()) {
            connection.closeWithError("Stale Connection");
            return;
        }
        pingsOut++;
        connection.sendPing();
    }
}
