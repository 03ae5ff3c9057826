package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import io.natsspring.broker.internal.routing.SubjectTransform;
import io.natsspring.broker.internal.store.StoreLimits;
import io.natsspring.broker.internal.store.StreamState;
import io.natsspring.broker.internal.store.StreamStore;
import io.natsspring.broker.internal.trace.MessageTrace;
import io.natsspring.broker.internal.trace.TraceHeaders;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * One JetStream stream: its configuration, its store and the writer thread that owns the store's mutations. It
 * listens on its subjects through internal subscriptions; those only copy the message and queue it. Reads
 * ({@link #store()} queries) may come from any thread; mutations go through the writer ({@link #purge},
 * {@link #deleteMessage}, {@link #update}).
 */
public final class Stream {

    private static final System.Logger LOG = System.getLogger(Stream.class.getName());
    private static final byte[] TOO_MANY_REQUESTS_STATUS =
            "NATS/1.0 429 Too Many Requests\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private volatile long lastDropWarningNanos;
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final String name;
    private final StreamStore store;
    private final long createdNanos;
    private final StreamContext context;
    private final MessageRouter router;
    private final PublishProcessor processor;
    private final StreamWriter writer;
    private final MessageExpiry expiry;
    private final MessageSchedules schedules;
    private final Map<String, InternalSubscription> subscriptions = new LinkedHashMap<>();
    private final RemovedSequences removals = new RemovedSequences();
    private volatile StreamConfig config;
    private volatile ConsumerInterest interest = ConsumerInterest.NONE;
    private volatile SourcingStatus sourcing = SourcingStatus.NONE;
    private volatile SubjectTransform ingestTransform;
    private volatile Republish republish;
    private ScheduledFuture<?> ageTimer;
    private long reportedBytes;
    private boolean stopped;
    private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile java.util.function.Consumer<Throwable> failureHandler = e -> {};

    /**
     * A stream over an opened store. Call {@link #start()} to begin taking messages.
     *
     * @param createdNanos creation time, nanoseconds since the epoch
     */
    public Stream(
            StreamConfig config, StreamStore store, long createdNanos, MessageRouter router, StreamContext context) {
        this.name = config.name();
        this.config = config;
        this.store = store;
        this.createdNanos = createdNanos;
        this.router = router;
        this.context = context;
        applyTransforms(config);
        this.processor = new PublishProcessor(this);
        this.writer = new StreamWriter(this, processor, context.publisher(), context.ingestLimit());
        this.expiry = new MessageExpiry(this, writer, processor, context.timers());
        this.schedules = new MessageSchedules(this, writer, processor, context.timers());
        store.setRemovalListener(removals);
    }

    /** The server's JetStream domain, {@code null} when none. */
    public String domain() {
        return context.domain();
    }

    /** The store limits a configuration asks for (discard-new limits are checked by the stream, not the store). */
    public static StoreLimits storeLimits(StreamConfig c) {
        // with per-message TTLs the stream expires by age itself (Nats-TTL: never outlives max age)
        long age = c.allowMsgTtl() ? 0 : Math.max(0, c.maxAgeNanos());
        if (c.discard() == DiscardPolicy.NEW) {
            return new StoreLimits(0, 0, c.discardNewPerSubject() ? 0 : c.maxMsgsPerSubject(), age);
        }
        return new StoreLimits(c.maxMsgs(), c.maxBytes(), c.maxMsgsPerSubject(), age);
    }

    /** Whether a configuration asks for compressed storage ({@code compression: s2}). */
    public static boolean compressed(StreamConfig c) {
        return Compression.S2.equals(c.compression());
    }

    /** Rebuilds the de-duplication window, starts the writer and subscribes to the subjects. */
    public synchronized void start() {
        processor.rebuild(store);
        reportedBytes = store.state().bytes();
        context.quota().adjustUsage(config.storage(), reportedBytes);
        if (config.allowMsgTtl()) {
            expiry.rebuild(store);
        }
        if (config.allowMsgSchedules()) {
            schedules.rebuild(store);
        }
        writer.start();
        subscribe(config);
        scheduleExpiry(config);
    }

    /** Message schedules (writer thread). */
    MessageSchedules schedules() {
        return schedules;
    }

    /** Per-message TTL and subject delete marker expiry (writer thread). */
    MessageExpiry expiry() {
        return expiry;
    }

    public String name() {
        return name;
    }

    public StreamConfig config() {
        return config;
    }

    public StreamStore store() {
        return store;
    }

    public long createdNanos() {
        return createdNanos;
    }

    public StreamState state() {
        return store.state();
    }

    public ConsumerInterest consumerInterest() {
        return interest;
    }

    /**
     * Installed by the registry: told (once, on the failing worker) when the writer or a consumer task of this
     * stream failed unexpectedly, so that it restarts the stream from its store or takes it offline.
     */
    public void setFailureHandler(java.util.function.Consumer<Throwable> handler) {
        this.failureHandler = handler == null ? e -> {} : handler;
    }

    /**
     * Reports that a task of this stream failed in a way that may have left its state half-changed (an
     * {@link Error} such as {@link OutOfMemoryError}, or an unexpected exception on the writer or a consumer
     * task). From then on publishes are answered with "stream is offline" until the registry has acted; only the
     * first report counts.
     */
    public void failed(Throwable cause) {
        if (failure.compareAndSet(null, cause)) {
            LOG.log(System.Logger.Level.ERROR, "JetStream stream ''{0}'' failed: {1}", name, String.valueOf(cause));
            failureHandler.accept(cause);
        }
    }

    /** The failure reported by {@link #failed}, or {@code null}. */
    public Throwable failure() {
        return failure.get();
    }

    /** Installed by the consumer layer. */
    public void setConsumerInterest(ConsumerInterest interest) {
        this.interest = interest == null ? ConsumerInterest.NONE : interest;
    }

    /** The mirror's and sources' state for stream info. */
    public SourcingStatus sourcing() {
        return sourcing;
    }

    /** Installed by the replication layer. */
    public void setSourcing(SourcingStatus sourcing) {
        this.sourcing = sourcing == null ? SourcingStatus.NONE : sourcing;
    }

    /**
     * Queues a message from the mirror or a source for the writer; {@code false} when the writer is stopped or its
     * queue is over the ingest bounds (the caller retries later).
     */
    public boolean offerReplicated(ReplicatedMessage m) {
        return writer.offerReplicated(m);
    }

    /** Runs {@code action} on the writer thread once everything queued before it is stored. */
    public void runAfterQueued(Runnable action) {
        writer.submit(() -> {
            action.run();
            return null;
        });
    }

    Republish republish() {
        return republish;
    }

    InternalPublisher publisher() {
        return context.publisher();
    }

    private void applyTransforms(StreamConfig c) {
        JsonNode t = c.subjectTransform();
        ingestTransform = t == null
                ? null
                : ReplicationRules.transform(ReplicationRules.text(t, "src"), ReplicationRules.text(t, "dest"));
        republish = Republish.of(c);
    }

    StorageQuota quota() {
        return context.quota();
    }

    /** Writer thread, after a batch or task: tell the consumers what left the store, report stored bytes. */
    void afterWrites() {
        reportRemovals();
        long bytes = store.bytes();
        if (bytes != reportedBytes) {
            context.quota().adjustUsage(config.storage(), bytes - reportedBytes);
            reportedBytes = bytes;
        }
    }

    /** Purge per ADR-10 (see {@link StreamStore#purge(String, long, long)}); returns the number removed. */
    public long purge(String filter, long upToSeqExclusive, long keep) {
        return await(writer.submit(() -> {
            boolean all = (filter == null || filter.isEmpty() || filter.equals(">"));
            long n = all && upToSeqExclusive == 0 && keep == 0
                    ? store.purge()
                    : store.purge(all ? null : filter, upToSeqExclusive, keep);
            removals.clear();
            interest.removed(RemovedSequences.MANY);
            return n;
        }));
    }

    /** Removes one message; {@code false} if it was not there. */
    public boolean deleteMessage(long seq, boolean erase) {
        return await(writer.submit(() -> {
            boolean gone = store.delete(seq, erase);
            reportRemovals();
            return gone;
        }));
    }

    /** For the consumer layer: removes a message retention no longer needs (interest / work queue). */
    public CompletableFuture<Boolean> removeAcknowledged(long seq) {
        return writer.submit(() -> {
            boolean gone = store.delete(seq, false);
            removals.clear(); // acknowledged: no consumer waits for it
            return gone;
        });
    }

    /** Writer thread: hands what left the store since last time to the consumers (before any reply goes out). */
    private void reportRemovals() {
        if (!removals.isEmpty()) {
            interest.removed(removals.take());
        }
    }

    /** Applies an already checked configuration: limits, duplicate window, subjects, expiry timer. */
    public void update(StreamConfig next) {
        await(writer.submit(() -> {
            boolean ttlsEnabled = next.allowMsgTtl() && !config.allowMsgTtl();
            boolean schedulesEnabled = next.allowMsgSchedules() && !config.allowMsgSchedules();
            if (!next.allowAtomic()) {
                processor.batches().clear();
            }
            if (!next.allowBatched()) {
                processor.fastBatches().clear();
            }
            store.updateLimits(storeLimits(next));
            store.setCompression(compressed(next));
            processor.setDuplicateWindow(next.duplicateWindowNanos());
            applyTransforms(next);
            config = next;
            if (ttlsEnabled) {
                expiry.rebuild(store);
            } else if (next.allowMsgTtl()) {
                expiry.configChanged();
            }
            if (schedulesEnabled) {
                schedules.rebuild(store);
            }
            return null;
        }));
        synchronized (this) {
            subscribe(next);
            scheduleExpiry(next);
        }
    }

    /** Stops taking messages, finishes queued work and closes the store. */
    public void stop() {
        stop(false);
    }

    /**
     * Stops as {@link #stop()} but discards the store instead of closing it (nothing flushed or forced): its files
     * are deleted next.
     */
    public void stopAndDiscard() {
        stop(true);
    }

    private void stop(boolean discard) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            for (InternalSubscription s : subscriptions.values()) {
                s.close();
                router.unsubscribe(s);
            }
            subscriptions.clear();
            if (ageTimer != null) {
                ageTimer.cancel(false);
            }
        }
        expiry.stop();
        schedules.stop();
        writer.stop();
        processor.batches().clear();
        processor.fastBatches().clear();
        context.quota().adjustUsage(config.storage(), -reportedBytes);
        reportedBytes = 0;
        try {
            if (discard) {
                store.discard();
            } else {
                store.close();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Stream '" + name + "' failed to close its store", e);
        }
    }

    private void subscribe(StreamConfig c) {
        if (stopped) {
            return;
        }
        Set<String> wanted = new HashSet<>(c.subjects());
        subscriptions.entrySet().removeIf(e -> {
            if (!wanted.contains(e.getKey())) {
                e.getValue().close();
                router.unsubscribe(e.getValue());
                return true;
            }
            return false;
        });
        for (String subject : c.subjects()) {
            if (!subscriptions.containsKey(subject)) {
                InternalSubscription s = new InternalSubscription(subject, null, this::onPublish);
                subscriptions.put(subject, s);
                router.subscribe(s);
            }
        }
    }

    /**
     * The subject of the last message published to this stream, reused while publishes repeat it (a String per
     * message otherwise). Written by any I/O thread without a lock: a String is immutable, a lost update costs a
     * miss.
     */
    private String lastSubject;

    /** The message's subject, {@link #lastSubject} when the bytes are the same (ASCII). */
    private String subjectOf(InboundMessage m) {
        String built = m.builtSubject();
        if (built != null) {
            return built;
        }
        String last = lastSubject;
        int length = m.subjectLength();
        if (last != null && last.length() == length) {
            byte[] bytes = m.subjectBytes();
            int i = 0;
            while (i < length && bytes[i] >= 0 && bytes[i] == last.charAt(i)) {
                i++;
            }
            if (i == length) {
                return last;
            }
        }
        String subject = m.subject();
        lastSubject = subject;
        return subject;
    }

    private boolean onPublish(InboundMessage m, FlushBatch batch) {
        byte[] headers = m.headerLength() > 0 ? m.headerBytes() : null;
        String subject = subjectOf(m);
        SubjectTransform t = ingestTransform;
        if (t != null) {
            String mapped = t.applyIfMatches(subject);
            subject = mapped == null ? subject : mapped;
        }
        MessageTrace trace = m.trace();
        StreamTrace streamTrace = null;
        if (trace != null) {
            // the writer completes the js event: subject once checked, or the refusal's text (as nats-server);
            // a trace-only message goes through the checks too (a refusal is answered) but is not stored
            streamTrace = new StreamTrace(trace, trace.jetStream(name()));
            if (!trace.traceOnly()) {
                // a stored message must not start a trace again when a consumer delivers it
                headers = TraceHeaders.set(headers, TraceHeaders.DEST, TraceHeaders.DISABLED);
            }
        }
        StreamWriter.Offer offer =
                writer.offer(new PendingPublish(subject, m.reply(), headers, m.payloadBytes(), streamTrace));
        if (streamTrace != null && offer != StreamWriter.Offer.QUEUED) {
            streamTrace.finish();
        }
        if (offer == StreamWriter.Offer.STOPPED && failure.get() != null) {
            if (m.hasReply()) {
                context.publisher().publish(m.reply(), null, PublishProcessor.errorAck(name(), offlineError()), batch);
            }
            return true;
        }
        if (offer == StreamWriter.Offer.FULL) {
            long now = System.nanoTime();
            if (now - lastDropWarningNanos > TimeUnit.SECONDS.toNanos(1)) {
                lastDropWarningNanos = now;
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Dropping messages due to excessive stream ingest rate on ''{0}''",
                        name());
            }
            if (m.hasReply()) {
                context.publisher()
                        .publish(
                                m.reply(),
                                TOO_MANY_REQUESTS_STATUS,
                                PublishProcessor.errorAck(name(), JsApiError.STREAM_TOO_MANY_REQUESTS.error()),
                                batch);
            }
        }
        return offer != StreamWriter.Offer.STOPPED;
    }

    /** "stream is offline: …" naming the failure. */
    public io.natsspring.broker.internal.jetstream.base.ApiError offlineError() {
        Throwable f = failure.get();
        return JsApiError.STREAM_OFFLINE_REASON.with(f == null ? "stopped" : "failed: " + f);
    }

    private void scheduleExpiry(StreamConfig c) {
        if (ageTimer != null) {
            ageTimer.cancel(false);
            ageTimer = null;
        }
        long maxAgeNanos = c.maxAgeNanos();
        if (maxAgeNanos > 0 && !stopped && !c.allowMsgTtl()) {
            ageTimer = context.timers().schedule(this::expireOnWriter, maxAgeNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void expireOnWriter() {
        writer.submit(() -> {
            long maxAge = config.maxAgeNanos();
            if (maxAge <= 0 || config.allowMsgTtl()) {
                return null;
            }
            long now = ApiTime.nowNanos();
            store.expireBefore(now - maxAge);
            long first = store.firstTimestampNanos();
            long delay = first == 0 ? maxAge : Math.max(1_000_000L, first + maxAge - now);
            synchronized (this) {
                if (!stopped && config.maxAgeNanos() == maxAge) {
                    ageTimer = context.timers().schedule(this::expireOnWriter, delay, TimeUnit.NANOSECONDS);
                }
            }
            return null;
        });
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException a) {
                throw a;
            }
            throw JsApiError.STREAM_GENERAL.exception(
                    String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw JsApiError.STREAM_GENERAL.exception("stream operation timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JsApiError.STREAM_GENERAL.exception("interrupted");
        }
    }
}
