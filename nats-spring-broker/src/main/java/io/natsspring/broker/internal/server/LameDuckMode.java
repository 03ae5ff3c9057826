package io.natsspring.broker.internal.server;

import io.natsspring.broker.internal.client.ClientConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One run of lame-duck mode, as {@code nats-server}'s: stop listening, shut JetStream down (what it accepted is
 * stored and acknowledged first), send every client an INFO with {@code "ldm":true}, wait the grace period, close the
 * clients one after another spread over the rest of the duration (at most a second apart, batched when there are
 * more clients than nanoseconds), then stop the server. Stops early when {@link BrokerServer#close()} ends it or
 * when every client has gone (nothing left to spread).
 */
final class LameDuckMode {

    private static final System.Logger LOG = System.getLogger(LameDuckMode.class.getName());
    private static final long MAX_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BrokerServer server;
    private final Duration duration;
    private final Duration gracePeriod;
    private final CountDownLatch quit = new CountDownLatch(1);

    LameDuckMode(BrokerServer server, Duration duration, Duration gracePeriod) {
        this.server = server;
        this.duration = duration;
        this.gracePeriod = gracePeriod;
    }

    void start() {
        Thread t = new Thread(this::run, "nats-broker-lame-duck");
        t.setDaemon(true);
        t.start();
    }

    /** Ends the run early: the server is being closed. */
    void quit() {
        quit.countDown();
    }

    private void run() {
        try {
            LOG.log(System.Logger.Level.INFO, "Entering lame duck mode, stop accepting new clients");
            server.announceLameDuck();
            server.stopListening();
            server.shutdownJetStream();
            List<ClientConnection> clients = List.copyOf(server.connectedClients());
            if (quit.getCount() == 0 || clients.isEmpty()) {
                return;
            }
            long spread = duration.toNanos() - gracePeriod.toNanos();
            if (spread <= 0) {
                spread = TimeUnit.SECONDS.toNanos(1);
            }
            long interval = spread / clients.size();
            int batch = 1;
            if (interval < 1) {
                interval = 1;
                batch = (int) (clients.size() / spread);
            } else if (interval > MAX_INTERVAL_NANOS) {
                interval = MAX_INTERVAL_NANOS;
            }
            for (ClientConnection c : clients) {
                c.sendLameDuckInfo();
            }
            if (await(gracePeriod.toNanos())) {
                return;
            }
            LOG.log(System.Logger.Level.INFO, "Closing existing clients");
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).shutdown();
                if (i == clients.size() - 1 || server.connectionCount() == 0) {
                    break;
                }
                if (batch == 1 || i % batch == 0) {
                    long pause =
                            Math.max(interval / 2, ThreadLocalRandom.current().nextLong(interval));
                    if (await(pause)) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Lame duck mode failed, stopping the server", e);
        } finally {
            server.close();
        }
    }

    /**
     * Waits {@code nanos}, or less when the server is closed or every client has gone; {@code true} when it was
     * closed.
     */
    private boolean await(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || server.connectionCount() == 0) {
                return false;
            }
            if (quit.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
    }
}
