package io.natsspring.annotation.listener;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.natsspring.annotation.metrics.ListenerMetrics.ListenerMeters;
import io.natsspring.annotation.metrics.ListenerOutcome;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Start/stop/pause state, bounded dispatch of messages to handlers, graceful stop and metrics shared by the core and
 * JetStream containers. Subclasses open and close their subscriptions and handle one message.
 */
abstract class AbstractNatsListenerContainer implements NatsListenerContainer {

    private static final Duration QUIET_PERIOD = Duration.ofMillis(100);
    private static final Duration QUIET_MAX = Duration.ofSeconds(1);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

    /**
     * One lock per connection around the calls that flush it ({@link #flushLock()}): containers stop in parallel,
     * and concurrent flushes would put more PINGs in flight than jnats allows ({@code maxPingsOut}, 2 by default),
     * which jnats takes for a stale connection and answers with a reconnect.
     */
    private static final Map<Connection, Object> FLUSH_LOCKS = Collections.synchronizedMap(new WeakHashMap<>());

    protected final Log log = LogFactory.getLog(getClass());
    protected final String id;
    protected final ListenerServices services;
    protected final ConcurrencyGate gate;
    protected final ListenerMeters meters;
    private final boolean autoStartup;
    private final Object lifecycleMonitor = new Object();
    private volatile boolean running;
    private volatile boolean paused;
    private volatile boolean accepting;
    private volatile long lastDeliveryNanos;
    private @Nullable Executor executor;

    AbstractNatsListenerContainer(String id, int concurrency, boolean autoStartup, ListenerServices services) {
        this.id = id;
        this.services = services;
        this.gate = new ConcurrencyGate(concurrency);
        this.autoStartup = autoStartup;
        this.meters = services.metrics().register(id, getKind(), gate::inFlight, this::lag);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public int getInFlight() {
        return gate.inFlight();
    }

    @Override
    public void start() {
        synchronized (lifecycleMonitor) {
            if (running) {
                return;
            }
            executor = gate.limit() > 1 ? services.executors().create(id, gate.limit()) : null;
            accepting = true;
            paused = false;
            try {
                openDelivery();
            } catch (Exception ex) {
                accepting = false;
                closeExecutor();
                if (ex instanceof ListenerConfigurationException configuration) {
                    throw configuration;
                }
                throw new IllegalStateException("Listener '" + id + "' could not start: " + ex.getMessage(), ex);
            }
            running = true;
            if (services.connection().getStatus() == Connection.Status.CONNECTED) {
                flush(); // the server knows the subscriptions when start() returns (a restarted context too)
            }
            log.debug("Started listener '" + id + "' on " + getSubjects());
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycleMonitor) {
            if (!running) {
                return;
            }
            accepting = false;
            try {
                stopDelivery();
                if (!gate.awaitIdle(services.shutdownTimeout())) {
                    log.warn("Listener '" + id + "' stopped with " + gate.inFlight() + " message(s) still in flight "
                            + "after " + services.shutdownTimeout());
                }
                awaitQuiet();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException ex) {
                log.warn("Listener '" + id + "' did not stop cleanly: " + ex.getMessage(), ex);
            } finally {
                closeDelivery();
                flush();
                closeExecutor();
                running = false;
                paused = false;
            }
            log.debug("Stopped listener '" + id + "'");
        }
    }

    @Override
    public void pause() {
        synchronized (lifecycleMonitor) {
            if (!running || paused) {
                return;
            }
            paused = true;
            accepting = false;
            pauseDelivery();
        }
    }

    @Override
    public void resume() {
        synchronized (lifecycleMonitor) {
            if (!running || !paused) {
                return;
            }
            paused = false;
            accepting = true;
            try {
                resumeDelivery();
            } catch (Exception ex) {
                throw new IllegalStateException("Listener '" + id + "' could not resume: " + ex.getMessage(), ex);
            }
        }
    }

    /**
     * Runs {@code action} under the lifecycle lock when the container is running and not paused.
     *
     * @return whether it ran
     */
    protected final boolean runIfActive(DeliveryAction action) throws Exception {
        synchronized (lifecycleMonitor) {
            if (!running || paused) {
                return false;
            }
            action.run();
            return true;
        }
    }

    /** A step of {@link #runIfActive}. */
    @FunctionalInterface
    protected interface DeliveryAction {
        void run() throws Exception;
    }

    /**
     * Entry point of every received message (called on a jnats delivery thread): blocks while {@code concurrency}
     * messages are in flight, then runs {@link #handle(Message)} inline (concurrency 1) or on the executor.
     */
    protected final void deliver(Message message) throws InterruptedException {
        lastDeliveryNanos = System.nanoTime();
        if (!accepting) {
            reject(message);
            return;
        }
        gate.acquire();
        if (!accepting) {
            gate.release();
            lastDeliveryNanos = System.nanoTime();
            reject(message);
            return;
        }
        Executor target = executor;
        if (target == null) {
            run(message);
            return;
        }
        try {
            target.execute(() -> run(message));
        } catch (RejectedExecutionException ex) {
            gate.release();
            reject(message);
        }
    }

    private void run(Message message) {
        long start = System.nanoTime();
        ListenerObserver.Observed observed = services.observer().begin(message, id);
        CompletableFuture<ListenerOutcome> outcome;
        try {
            outcome = handle(message);
        } catch (RuntimeException ex) {
            log.error("Listener '" + id + "' could not handle a message on '" + message.getSubject() + "'", ex);
            outcome = CompletableFuture.completedFuture(ListenerOutcome.FAILURE);
        } finally {
            observed.detach();
        }
        outcome.whenComplete((result, ex) -> {
            gate.release();
            ListenerOutcome settled = result != null ? result : ListenerOutcome.FAILURE;
            meters.record(settled, System.nanoTime() - start);
            observed.end(settled);
        });
    }

    /** Handles one message; the future completes when it is fully dealt with (replied, acked...). Never throws. */
    protected abstract CompletableFuture<ListenerOutcome> handle(Message message);

    /** A message arrived while paused or stopping. */
    protected abstract void reject(Message message);

    /** Creates the subscriptions. */
    protected abstract void openDelivery() throws Exception;

    /** Stops receiving new messages (already received ones still reach {@link #deliver}). */
    protected abstract void stopDelivery();

    /** Releases subscriptions and their threads, after in-flight handlers finished or the timeout elapsed. */
    protected abstract void closeDelivery();

    protected abstract void pauseDelivery();

    protected abstract void resumeDelivery() throws Exception;

    /** Messages waiting in the consumer, or -1 when unknown. */
    protected long lag() {
        return -1;
    }

    /** Lets messages already buffered by jnats reach {@link #reject(Message)} before the subscription closes. */
    private void awaitQuiet() throws InterruptedException {
        lastDeliveryNanos = System.nanoTime();
        long deadline = System.nanoTime() + QUIET_MAX.toNanos();
        while (System.nanoTime() - lastDeliveryNanos < QUIET_PERIOD.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Pushes replies, acks and naks out before the connection may be closed. */
    private void flush() {
        try {
            synchronized (flushLock()) {
                services.connection().flush(FLUSH_TIMEOUT);
            }
        } catch (Exception ex) {
            log.debug("Flushing after stopping listener '" + id + "' failed: " + ex);
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The lock to hold while calling anything that flushes the connection (a flush sends a PING and waits for its
     * PONG; {@code Dispatcher.drain} flushes too), so that containers stopping together flush one at a time.
     */
    protected final Object flushLock() {
        return FLUSH_LOCKS.computeIfAbsent(services.connection(), c -> new Object());
    }

    private void closeExecutor() {
        Executor current = executor;
        executor = null;
        if (current instanceof ExecutorService service) {
            service.shutdown();
        } else if (current instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ex) {
                log.debug("Closing the executor of listener '" + id + "' failed", ex);
            }
        }
    }
}
