package io.natsspring.annotation.listener;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps a JetStream container's delivery going across reconnects. jnats resubscribes push subscriptions itself, but
 * a pull ({@code consume()}) or ordered consumer only notices a restarted server when its missed-heartbeat alarm
 * fires, tens of seconds later. On {@code RECONNECTED}/{@code RESUBSCRIBED} this reopens it at once, on its own
 * thread, retrying every second while the connection stays up; {@link #isDelivering()} is false from the
 * disconnect until then.
 */
final class ReconnectRecovery implements ConnectionListener {

    /** Reopens the delivery; returns false when the container is not active (stopped or paused). */
    @FunctionalInterface
    interface Reopen {
        boolean reopen() throws Exception;
    }

    private static final Log LOG = LogFactory.getLog(ReconnectRecovery.class);
    private static final long RETRY_MILLIS = 1000;
    private static final long POLL_MILLIS = 50;

    private final String id;
    private final Connection connection;
    private final BooleanSupplier survivesReconnect;
    private final BooleanSupplier running;
    private final Reopen reopen;
    private final AtomicBoolean recovering = new AtomicBoolean();
    private volatile boolean delivering;

    /**
     * @param survivesReconnect whether jnats keeps this delivery alive by itself (push)
     * @param running whether the container is still started
     */
    ReconnectRecovery(
            String id,
            Connection connection,
            BooleanSupplier survivesReconnect,
            BooleanSupplier running,
            Reopen reopen) {
        this.id = id;
        this.connection = connection;
        this.survivesReconnect = survivesReconnect;
        this.running = running;
        this.reopen = reopen;
    }

    /** Starts watching the connection; the delivery was just opened. */
    void attach() {
        delivering = true;
        connection.addConnectionListener(this);
    }

    /** Stops watching; the delivery is closed. */
    void detach() {
        connection.removeConnectionListener(this);
        delivering = false;
    }

    /** The delivery was (re)opened by other means (resume). */
    void opened() {
        delivering = true;
    }

    /** Whether the subscription or pull is live: false while disconnected and until reopened after a reconnect. */
    boolean isDelivering() {
        return delivering && connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void connectionEvent(Connection conn, Events event) {
        switch (event) {
            case DISCONNECTED -> delivering = false;
            case RECONNECTED, RESUBSCRIBED -> {
                if (survivesReconnect.getAsBoolean()) {
                    delivering = true;
                } else if (!delivering) {
                    startRecovery();
                }
            }
            default -> {}
        }
    }

    /**
     * The consumer has a new leader (a clustered server): the pull requests waiting at the old one are lost, so the
     * delivery is reopened as after a reconnect.
     */
    void leaderChanged() {
        if (running.getAsBoolean() && !survivesReconnect.getAsBoolean()) {
            delivering = false;
            startRecovery();
        }
    }

    private void startRecovery() {
        if (recovering.compareAndSet(false, true)) {
            Thread recovery = new Thread(this::recover, "nats-listener-recover-" + id);
            recovery.setDaemon(true);
            recovery.start();
        }
    }

    private void recover() {
        try {
            boolean warned = false;
            while (running.getAsBoolean() && connection.getStatus() != Connection.Status.CLOSED) {
                if (connection.getStatus() != Connection.Status.CONNECTED) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                try {
                    if (reopen.reopen()) {
                        delivering = true;
                        LOG.info("Listener '" + id + "' consumes again");
                    }
                    return;
                } catch (Exception ex) {
                    if (!warned) {
                        LOG.warn("Listener '" + id + "' could not resume consuming, retrying " + "every " + RETRY_MILLIS
                                + " ms: " + ex.getMessage());
                        warned = true;
                    }
                    Thread.sleep(RETRY_MILLIS);
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            recovering.set(false);
        }
    }
}
