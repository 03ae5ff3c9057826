package io.natsspring.boot.autoconfigure;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the end of the connection. Stopping the context ({@code stop()}, or {@code pause()} as the Spring
 * TestContext Framework does with cached contexts) stops the listener containers and everything else that
 * consumes, but keeps this connection open, so that {@code start()} resumes them on it. Only destroying the
 * context (close) drains the connection — it stops its subscriptions, lets in-flight messages finish and flushes
 * pending publishes — and closes it, within the drain timeout. The embedded broker stops after that: it is destroyed
 * after the connection bean, which depends on it.
 */
public class NatsConnectionLifecycle implements SmartLifecycle, DisposableBean {

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

    /** Keeps the connection open: a stopped (or paused) context may be started again. */
    @Override
    public void stop() {
        running = false;
    }

    /** Drains and closes the connection when the context is closed, after every lifecycle bean stopped. */
    @Override
    public void destroy() {
        running = false;
        if (connection.getStatus() == Connection.Status.CLOSED) {
            return;
        }
        try {
            Boolean drained = connection.drain(drainTimeout).get(drainTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (!Boolean.TRUE.equals(drained)) {
                log.warn("NATS connection did not drain within " + drainTimeout + "; closing it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while draining the NATS connection; closing it");
        } catch (TimeoutException | ExecutionException e) {
            log.warn("NATS connection did not drain within " + drainTimeout + " (" + e + "); closing it");
        } catch (Exception e) {
            log.warn("NATS connection could not drain (" + e + "); closing it");
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (connection.getStatus() != Connection.Status.CLOSED) {
                connection.close();
            }
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
