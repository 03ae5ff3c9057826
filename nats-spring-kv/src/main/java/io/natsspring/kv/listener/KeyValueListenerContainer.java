package io.natsspring.kv.listener;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.natsspring.annotation.listener.ListenerExecutionFailedException;
import io.natsspring.annotation.listener.ListenerInvoker;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.annotation.metrics.ListenerMetrics;
import io.natsspring.annotation.metrics.ListenerOutcome;
import io.natsspring.annotation.support.NatsMessageHeaders;
import io.natsspring.kv.core.KeyValueBucketNotFoundException;
import io.natsspring.kv.core.KeyValueException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * Runs a {@link KeyValueListener}: a jnats KV watch (an ordered consumer, which jnats re-creates after a reconnect or
 * a gap) whose changes are handed one at a time, in revision order, to the listener method. Remembers the last
 * revision handled, so that {@link #resume()} continues right after it: nothing written while paused is missed.
 * After a reconnect it reopens the watch at once from that revision, rather than waiting for jnats to notice a
 * restarted server's lost consumer by its missed heartbeats.
 */
public final class KeyValueListenerContainer implements NatsListenerContainer, ConnectionListener {

    /** JetStream API error: stream not found. */
    private static final int STREAM_NOT_FOUND = 10059;

    private static final Duration POLL = Duration.ofMillis(10);

    private static final Log LOG = LogFactory.getLog(KeyValueListenerContainer.class);

    private final KeyValueListenerEndpoint endpoint;

    private final ListenerInvoker invoker;

    private final Connection connection;

    private final ListenerMetrics.ListenerMeters meters;

    private final Duration shutdownTimeout;

    private final Object lifecycleMonitor = new Object();

    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile boolean running;

    private volatile boolean paused;

    /** Bumped at every (re)opened watch: changes still buffered for an older one are ignored. */
    private volatile int generation;

    private volatile long lastRevision;

    /** Guards the generation check and the revision update of a change against a reopening watch. */
    private final Object revisionMonitor = new Object();

    private volatile long startSequence;

    private volatile boolean initialValuesDelivered;

    private @Nullable NatsKeyValueWatchSubscription subscription;

    public KeyValueListenerContainer(
            KeyValueListenerEndpoint endpoint,
            ListenerInvoker invoker,
            Connection connection,
            ListenerMetrics metrics,
            Duration shutdownTimeout) {
        this.endpoint = endpoint;
        this.invoker = invoker;
        this.connection = connection;
        this.shutdownTimeout = shutdownTimeout;
        this.meters = metrics.register(endpoint.id(), getKind(), inFlight::get, () -> -1);
    }

    @Override
    public String getId() {
        return endpoint.id();
    }

    @Override
    public String getKind() {
        return "kv";
    }

    /** The watched subjects, {@code $KV.<bucket>.<key pattern>}. */
    @Override
    public List<String> getSubjects() {
        List<String> subjects = new ArrayList<>(endpoint.keys().size());
        for (String key : endpoint.keys()) {
            subjects.add("$KV." + endpoint.bucket() + "." + key);
        }
        return subjects;
    }

    /** The watched bucket. */
    public String getBucket() {
        return endpoint.bucket();
    }

    /** The watched key patterns. */
    public List<String> getKeys() {
        return endpoint.keys();
    }

    /** The revision of the last change handed to the method, 0 before the first. */
    public long getLastRevision() {
        return lastRevision;
    }

    /** Whether the initial values (if asked for) have all been handed to the method since the last start. */
    public boolean isInitialValuesDelivered() {
        return initialValuesDelivered;
    }

    @Override
    public boolean isAutoStartup() {
        return endpoint.autoStartup();
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
    public boolean isConsuming() {
        return running && !paused && connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public int getInFlight() {
        return inFlight.get();
    }

    /**
     * Opens the watch.
     *
     * @throws KeyValueBucketNotFoundException when the bucket does not exist
     */
    @Override
    public void start() {
        synchronized (lifecycleMonitor) {
            if (running) {
                return;
            }
            KeyValueStatus status = status();
            startSequence = status.getBackingStreamInfo().getStreamState().getLastSequence();
            lastRevision = 0;
            initialValuesDelivered = false;
            running = true;
            paused = false;
            try {
                open(0);
            } catch (RuntimeException ex) {
                running = false;
                throw ex;
            }
            connection.addConnectionListener(this);
            LOG.debug("Started Key-Value listener '" + getId() + "' on " + getSubjects());
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycleMonitor) {
            if (!running) {
                return;
            }
            connection.removeConnectionListener(this);
            close();
            awaitIdle();
            running = false;
            paused = false;
            LOG.debug("Stopped Key-Value listener '" + getId() + "'");
        }
    }

    @Override
    public void pause() {
        synchronized (lifecycleMonitor) {
            if (!running || paused) {
                return;
            }
            paused = true;
            close();
        }
    }

    /** Watches again from the revision after the last one handled (or as at start when none was). */
    @Override
    public void resume() {
        synchronized (lifecycleMonitor) {
            if (!running || !paused) {
                return;
            }
            paused = false;
            try {
                open(resumeFrom());
            } catch (RuntimeException ex) {
                paused = true;
                throw ex;
            }
        }
    }

    /** The revision to watch from to continue after the last change handled; 0 to start over. */
    private long resumeFrom() {
        synchronized (revisionMonitor) {
            generation++; // changes buffered for the current watch are dropped from now on
            long last = lastRevision;
            if (last > 0) {
                return last + 1;
            }
            return endpoint.initial() == InitialValues.UPDATES_ONLY ? startSequence + 1 : 0;
        }
    }

    @Override
    public void connectionEvent(Connection conn, Events event) {
        if (event == Events.RECONNECTED && running && !paused) {
            Thread reopen = new Thread(this::reopen, "nats-kv-listener-reopen-" + getId());
            reopen.setDaemon(true);
            reopen.start();
        }
    }

    /** Replaces the watch by one continuing after the last change handled. */
    private void reopen() {
        synchronized (lifecycleMonitor) {
            if (!running || paused) {
                return;
            }
            close();
            try {
                open(resumeFrom());
                LOG.info("Key-Value listener '" + getId() + "' watches again after the reconnect, from revision "
                        + (lastRevision + 1));
            } catch (RuntimeException ex) {
                LOG.warn("Key-Value listener '" + getId() + "' could not reopen its watch after the reconnect; "
                        + "jnats' own recovery goes on: " + ex.getMessage());
            }
        }
    }

    private KeyValueStatus status() {
        try {
            return connection.keyValueManagement().getStatus(endpoint.bucket());
        } catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == STREAM_NOT_FOUND) {
                throw new KeyValueBucketNotFoundException(
                        endpoint.bucket(),
                        "Key-Value listener '" + getId() + "' watches a bucket that does not exist",
                        ex);
            }
            throw new KeyValueException(
                    endpoint.bucket(), null, "Listener '" + getId() + "' cannot read the bucket: " + ex, ex);
        } catch (IOException ex) {
            throw new KeyValueException(
                    endpoint.bucket(), null, "Listener '" + getId() + "' cannot read the bucket: " + ex, ex);
        }
    }

    private void open(long fromRevision) {
        int current = ++generation;
        List<KeyValueWatchOption> options = new ArrayList<>();
        if (endpoint.ignoreDeletes()) {
            options.add(KeyValueWatchOption.IGNORE_DELETE);
        }
        if (fromRevision == 0 && endpoint.initial() == InitialValues.UPDATES_ONLY) {
            options.add(KeyValueWatchOption.UPDATES_ONLY);
        } else if (fromRevision == 0 && endpoint.initial() == InitialValues.INCLUDE_HISTORY) {
            options.add(KeyValueWatchOption.INCLUDE_HISTORY);
        }
        KeyValueWatchOption[] array = options.toArray(new KeyValueWatchOption[0]);
        Watcher watcher = new Watcher(current);
        try {
            KeyValue keyValue = connection.keyValue(endpoint.bucket());
            List<String> keys = endpoint.keys();
            if (fromRevision > 0) {
                subscription = keys.size() == 1
                        ? keyValue.watch(keys.get(0), watcher, fromRevision, array)
                        : keyValue.watch(keys, watcher, fromRevision, array);
            } else {
                subscription = keys.size() == 1
                        ? keyValue.watch(keys.get(0), watcher, array)
                        : keyValue.watch(keys, watcher, array);
            }
        } catch (JetStreamApiException | IOException ex) {
            throw new KeyValueException(
                    endpoint.bucket(),
                    null,
                    "Listener '" + getId() + "' cannot watch " + endpoint.keys() + ": " + ex,
                    ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new KeyValueException(endpoint.bucket(), null, "Interrupted while opening the watch", ex);
        }
    }

    private void close() {
        generation++;
        NatsKeyValueWatchSubscription current = subscription;
        subscription = null;
        if (current != null) {
            try {
                current.unsubscribe();
            } catch (RuntimeException ex) {
                LOG.debug("Closing the watch of listener '" + getId() + "' failed: " + ex);
            }
        }
    }

    private void awaitIdle() {
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (inFlight.get() > 0) {
            LOG.warn("Key-Value listener '" + getId() + "' stopped with " + inFlight.get()
                    + " change(s) still being handled after " + shutdownTimeout);
        }
    }

    private void handle(int watchGeneration, KeyValueEntry entry) {
        synchronized (revisionMonitor) {
            if (watchGeneration != generation || !running || paused) {
                return; // buffered for a watch that was closed since: the next watch starts after lastRevision
            }
            lastRevision = entry.getRevision();
        }
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        Message<byte[]> message = toMessage(entry);
        invoker.invoke(message).whenComplete((result, failure) -> {
            ListenerOutcome outcome = ListenerOutcome.SUCCESS;
            if (failure != null) {
                outcome = ListenerOutcome.FAILURE;
                handleFailure(message, failure);
            }
            inFlight.decrementAndGet();
            meters.record(outcome, System.nanoTime() - start);
        });
    }

    private void handleFailure(Message<byte[]> message, Throwable failure) {
        ListenerExecutionFailedException wrapped = failure instanceof ListenerExecutionFailedException lefe
                ? lefe
                : new ListenerExecutionFailedException(getId(), message, failure);
        try {
            endpoint.errorHandler().handleError(message, wrapped);
        } catch (Exception ex) {
            // the error handler kept the failure: a watch has nothing to redeliver, the change is dropped
            LOG.debug("Key-Value listener '" + getId() + "' dropped the change of key '"
                    + message.getHeaders().get(KeyValueMessageHeaders.KEY) + "': " + ex);
        }
    }

    private Message<byte[]> toMessage(KeyValueEntry entry) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(NatsMessageHeaders.SUBJECT, "$KV." + entry.getBucket() + "." + entry.getKey());
        headers.put(KeyValueMessageHeaders.BUCKET, entry.getBucket());
        headers.put(KeyValueMessageHeaders.KEY, entry.getKey());
        headers.put(KeyValueMessageHeaders.OPERATION, entry.getOperation());
        headers.put(KeyValueMessageHeaders.REVISION, entry.getRevision());
        if (entry.getCreated() != null) {
            Instant created = entry.getCreated().toInstant();
            headers.put(KeyValueMessageHeaders.CREATED, created);
        }
        byte[] value = entry.getValue();
        return new GenericMessage<>(value != null ? value : new byte[0], headers);
    }

    @Override
    public String toString() {
        return "KeyValueListenerContainer[" + getId() + " on bucket '" + endpoint.bucket() + "' " + endpoint.keys()
                + "]";
    }

    /** Hands the changes of one opened watch to the container. */
    private final class Watcher implements KeyValueWatcher {

        private final int watchGeneration;

        Watcher(int watchGeneration) {
            this.watchGeneration = watchGeneration;
        }

        @Override
        public void watch(KeyValueEntry entry) {
            handle(watchGeneration, entry);
        }

        @Override
        public void endOfData() {
            if (watchGeneration == generation) {
                initialValuesDelivered = true;
            }
        }
    }
}
