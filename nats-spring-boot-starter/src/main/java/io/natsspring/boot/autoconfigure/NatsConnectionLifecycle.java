package io.natsspring.boot.autoconfigure;

import io.nats.client.Connection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Drains the connection at shutdown: stops its subscriptions, lets in-flight messages finish and flushes pending
 * publishes, then closes it, within the drain timeout. Runs in {@link #PHASE}: listener containers and anything
 * else that uses the connection must stop in a later-stopping (higher) phase. The embedded broker stops after it
 * (it is destroyed after the connection bean).
 */
public class NatsConnectionLifecycle implements SmartLifecycle {

    /** Below the web server's graceful shutdown phase and the default phase of listener containers. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log log = LogFactory.getLog(NatsConnectionLifecycle.class);

    private final Connection connection;
    private final Duration drainTimeout;
    private volatile boolean running;

    public NatsConnectionLifecycle(Connection connection, Duration drainTimeout) {
        this.connection = connection;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        drain().join();
    }

    @Override
    public void stop(Runnable callback) {
        drain().whenComplete((ok, ex) -> callback.run());
    }

    private CompletableFuture<Boolean> drain() {
        running = false;
        if (connection.getStatus() == Connection.Status.CLOSED) {
            return CompletableFuture.completedFuture(true);
        }
        try {
            return connection.drain(drainTimeout).handle((drained, ex) -> {
                if (ex != null || !Boolean.TRUE.equals(drained)) {
                    log.warn("NATS connection did not drain within " + drainTimeout + "; closing it");
                    closeQuietly();
                }
                return drained;
            });
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("NATS connection could not drain (" + e + "); closing it");
            closeQuietly();
            return CompletableFuture.completedFuture(false);
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
