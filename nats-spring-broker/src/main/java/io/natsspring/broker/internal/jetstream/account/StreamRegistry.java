package io.natsspring.broker.internal.jetstream.account;

import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.consumer.StoredConsumers;
import io.natsspring.broker.internal.jetstream.consumer.StreamConsumers;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.replication.StreamReplication;
import io.natsspring.broker.internal.jetstream.stream.IngestBudget;
import io.natsspring.broker.internal.jetstream.stream.StorageType;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamConfigRules;
import io.natsspring.broker.internal.jetstream.stream.StreamContext;
import io.natsspring.broker.internal.jetstream.stream.StreamMetaFile;
import io.natsspring.broker.internal.jetstream.stream.StreamSource;
import io.natsspring.broker.internal.store.StreamStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The account's streams and their consumers: lookup, create, update and delete with {@code nats-server}'s checks
 * (overlapping subjects, reservations, replicas). Lifecycle methods are meant to run on the API thread, which
 * serializes them; lookups are safe from any thread.
 */
public final class StreamRegistry {

    private static final System.Logger LOG = System.getLogger(StreamRegistry.class.getName());
    /** How long {@link #close()} waits for deleted streams' files to be removed. */
    private static final long CLOSE_DELETIONS_MILLIS = 10_000;

    /** What {@link #create} did. */
    public record CreateResult(Stream stream, boolean created) {}

    private final StoreLayout layout;
    private final StoreFactory storeFactory;
    private final MessageRouter router;
    private final InternalPublisher publisher;
    private final ScheduledExecutorService timers;
    private final AccountUsage usage;
    private final StreamContext streamContext;
    private volatile String accountName = "$G";
    private final StreamListener listener;
    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StreamConsumers> consumers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StreamReplication> replications = new ConcurrentHashMap<>();
    private final OfflineStreams offline;
    private final RestartBudget restarts = new RestartBudget();
    private final StreamFailureAdvisory failureAdvisory;

    public StreamRegistry(
            StoreLayout layout,
            StoreFactory storeFactory,
            InternalPublisher publisher,
            ScheduledExecutorService timers,
            AccountUsage usage,
            StreamListener listener) {
        this(layout, storeFactory, publisher, timers, usage, listener, null);
    }

    /** A registry of a server with the JetStream {@code domain} ({@code null}: none). */
    public StreamRegistry(
            StoreLayout layout,
            StoreFactory storeFactory,
            InternalPublisher publisher,
            ScheduledExecutorService timers,
            AccountUsage usage,
            StreamListener listener,
            String domain) {
        this(
                layout,
                storeFactory,
                publisher,
                timers,
                usage,
                listener,
                domain,
                IngestBudget.limitFor(
                        IngestBudget.DEFAULT_HEAP_PERCENT, Runtime.getRuntime().maxMemory()));
    }

    /**
     * A registry of a server with the JetStream {@code domain} ({@code null}: none) whose stream writers hold at
     * most {@code ingestLimit} bytes of publishes (see {@link IngestBudget}).
     */
    public StreamRegistry(
            StoreLayout layout,
            StoreFactory storeFactory,
            InternalPublisher publisher,
            ScheduledExecutorService timers,
            AccountUsage usage,
            StreamListener listener,
            String domain,
            long ingestLimit) {
        this.layout = layout;
        this.storeFactory = storeFactory;
        this.router = publisher.router();
        this.publisher = publisher;
        this.timers = timers;
        this.usage = usage;
        this.streamContext = new StreamContext(publisher, usage, timers, domain, ingestLimit);
        this.listener = listener;
        this.offline = new OfflineStreams(publisher);
        this.failureAdvisory = new StreamFailureAdvisory(publisher);
    }

    /** The server's JetStream domain, {@code null} when none. */
    public String domain() {
        return streamContext.domain();
    }

    public AccountUsage usage() {
        return usage;
    }

    /** The stream with this name, or {@code null}. */
    public Stream find(String name) {
        return streams.get(name);
    }

    /** The stream with this name; {@link JsApiError#STREAM_NOT_FOUND} if there is none. */
    public Stream lookup(String name) {
        Stream s = streams.get(name);
        if (s == null) {
            OfflineStreams.Entry off = offline.get(name);
            if (off != null) {
                throw JsApiError.STREAM_OFFLINE_REASON.exception(off.reason());
            }
            throw JsApiError.STREAM_NOT_FOUND.exception();
        }
        return s;
    }

    /** Streams that are offline (failed; restarting or for good), by name, with the reason. */
    public Map<String, String> offlineStreams() {
        Map<String, String> out = new LinkedHashMap<>();
        offline.all().forEach((name, e) -> out.put(name, e.reason()));
        return out;
    }

    /**
     * Keeps a stored stream this broker can not run (e.g. a higher {@code _nats.req.level}) offline for good:
     * listed under {@code offline}, its subjects reserved, deletable.
     */
    void addUnsupported(StreamConfig c, String reason) {
        offline.add(c, reason, ApiTime.nowNanos(), false);
    }

    /**
     * Keeps a stored stream offline because stored consumers of it need what this broker can not run (name to
     * reason), as {@code nats-server} stops such a stream when it runs alone: the reason names the first of them.
     */
    void addStoppedByConsumers(StreamConfig c, Map<String, String> consumers) {
        String first = consumers.keySet().iterator().next();
        offline.addStopped(c, "stopped - unsupported consumer \"" + first + "\"", ApiTime.nowNanos(), consumers);
    }

    /**
     * The consumers that keep this stream offline (name to reason, in name order), or {@code null} when the stream
     * is not offline because of its consumers.
     */
    public Map<String, String> offlineConsumers(String stream) {
        OfflineStreams.Entry e = offline.get(stream);
        return e == null || e.consumers().isEmpty() ? null : e.consumers();
    }

    /**
     * Removes the stored files of a consumer listed by {@link #offlineConsumers}; like {@code nats-server}, it stays
     * listed (and its stream offline) until the broker restarts.
     */
    public void deleteOfflineConsumer(String stream, String consumer) throws IOException {
        StoredConsumers.delete(layout.streamDir(stream), consumer);
    }

    /** Subjects of the offline streams, by name. */
    public Map<String, List<String>> offlineSubjects() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        offline.all().forEach((name, e) -> out.put(name, e.config().subjects()));
        return out;
    }

    /** The consumers of the stream with this name; {@link JsApiError#STREAM_NOT_FOUND} if there is none. */
    public StreamConsumers consumers(String streamName) {
        lookup(streamName);
        StreamConsumers c = consumers.get(streamName);
        if (c == null) {
            throw JsApiError.STREAM_NOT_FOUND.exception();
        }
        return c;
    }

    /** Consumers of all streams together. */
    public int consumerCount() {
        int n = 0;
        for (StreamConsumers c : consumers.values()) {
            n += c.consumerCount();
        }
        return n;
    }

    /** All streams, by name. */
    public List<Stream> streams() {
        List<Stream> all = new ArrayList<>(streams.values());
        all.sort(Comparator.comparing(Stream::name));
        return all;
    }

    /** Bytes reserved by streams' {@code max_bytes} of this storage type, leaving out {@code except}. */
    public long reserved(StorageType storage, String except) {
        long sum = 0;
        for (Stream s : streams.values()) {
            if (s.config().storage() == storage && !s.name().equals(except)) {
                sum += AccountUsage.reservation(s.config());
            }
        }
        return sum;
    }

    /** Creates a stream, or returns the existing one when its configuration is identical. */
    public CreateResult create(StreamConfig requested) {
        StreamConfig c = inheritMirrorDirect(StreamConfigRules.normalize(requested));
        if (!usage.hasLimitsFor((int) Math.min(Integer.MAX_VALUE, c.replicas()))) {
            // as nats-server's limits check of a new stream, before the replica count is looked at
            throw JsApiError.NO_LIMITS.exception();
        }
        if (c.replicas() > 1) {
            throw JsApiError.STREAM_REPLICAS_NOT_SUPPORTED.exception();
        }
        Stream existing = streams.get(c.name());
        OfflineStreams.Entry off = offline.get(c.name());
        if (existing == null && off != null) {
            throw JsApiError.STREAM_OFFLINE_REASON.exception(off.reason());
        }
        if (existing != null) {
            if (existing.config().equals(c)) {
                return new CreateResult(existing, false);
            }
            throw JsApiError.STREAM_NAME_EXIST.exception();
        }
        if (usage.maxStreams() >= 0 && streams.size() >= usage.maxStreams()) {
            throw JsApiError.MAXIMUM_STREAMS_LIMIT.exception();
        }
        usage.checkReservation(c.storage(), reserved(c.storage(), null), c.maxBytes());
        StreamConfigRules.checkNoOverlap(c.subjects(), otherSubjects(c.name()));
        long created = ApiTime.nowNanos();
        Path dir = layout.streamDir(c.name());
        StreamStore store = null;
        try {
            if (c.storage() == StorageType.FILE) {
                StreamMetaFile.write(dir, c, created, storeFactory.syncsMetaFile());
            }
            store = storeFactory.open(c, dir);
            if (c.firstSeq() > 1) {
                store.compact(c.firstSeq());
            }
        } catch (IOException | RuntimeException e) {
            if (store != null) {
                store.close();
            }
            StoreLayout.deleteDirectory(dir);
            LOG.log(System.Logger.Level.WARNING, "Stream create failed for '" + c.name() + "'", e);
            throw JsApiError.STREAM_CREATE.exception(String.valueOf(e.getMessage()));
        }
        return new CreateResult(add(c, store, created, dir), true);
    }

    /** Adds a stream whose store is open (new, or restored from {@code dir}) and starts it with its consumers. */
    Stream add(StreamConfig c, StreamStore store, long createdNanos, Path dir) {
        Stream stream = new Stream(c, store, createdNanos, router, streamContext);
        stream.setFailureHandler(cause -> recoverLater(stream));
        stream.start();
        StreamConsumers sc = new StreamConsumers(
                stream,
                publisher,
                timers,
                stream.config().storage() == StorageType.FILE ? dir : null,
                () -> accountName);
        stream.setConsumerInterest(sc);
        sc.start();
        consumers.put(stream.name(), sc);
        streams.put(c.name(), stream);
        startReplication(stream);
        listener.streamChanged(stream);
        return stream;
    }

    private void startReplication(Stream stream) {
        Path dir = stream.config().storage() == StorageType.FILE ? layout.streamDir(stream.name()) : null;
        StreamReplication r = StreamReplication.start(stream, publisher, timers, accountName, dir);
        if (r != null) {
            replications.put(stream.name(), r);
        }
    }

    /** Stops a stream's mirror/sources; durable consumers on their origins stay (a restart resumes them). */
    private void stopReplication(String name) {
        stopReplication(name, index -> false);
    }

    private void stopReplication(String name, java.util.function.Predicate<String> removed) {
        StreamReplication r = replications.remove(name);
        if (r != null) {
            r.stop(removed);
        }
    }

    /** The account's name, part of the stable names of the consumers its mirrors and sources keep on origins. */
    public void accountName(String name) {
        this.accountName = name;
    }

    /** A mirror of a stream of this account serves direct gets when its origin does ({@code nats-server}). */
    private StreamConfig inheritMirrorDirect(StreamConfig c) {
        if (c.mirror() == null) {
            return c;
        }
        StreamSource m = StreamSource.of(c.mirror());
        Stream origin = m.isExternal() ? null : streams.get(m.name());
        return origin == null ? c : c.withMirrorDirect(origin.config().allowDirect());
    }

    /**
     * Checks that a stream may be restored with {@code requested} as {@code nats-server} does before accepting the
     * chunks (config, account limits, then the name; unlike create, {@code nats-server} accepts replicas above 1
     * here); returns the configuration to restore with.
     */
    public StreamConfig checkRestore(StreamConfig requested) {
        StreamConfig c = inheritMirrorDirect(StreamConfigRules.normalize(requested));
        if (usage.maxStreams() >= 0 && streams.size() >= usage.maxStreams()) {
            throw JsApiError.MAXIMUM_STREAMS_LIMIT.exception();
        }
        usage.checkReservation(c.storage(), reserved(c.storage(), null), c.maxBytes());
        if (streams.containsKey(c.name()) || offline.get(c.name()) != null) {
            throw JsApiError.STREAM_NAME_EXIST_RESTORE_FAILED.exception();
        }
        return c;
    }

    /** Where restores stage their data (see {@link StoreLayout#restoreStagingDir()}). */
    public Path restoreStagingDir() {
        return layout.restoreStagingDir();
    }

    /** Opens a store for {@code c} in {@code dir} (ignored by memory stores). */
    public StreamStore openStore(StreamConfig c, Path dir) throws IOException {
        return storeFactory.open(c, dir);
    }

    /**
     * Brings in a restored stream: a memory stream with its filled {@code store}; a file stream from
     * {@code stagedDir} (its closed store), which moves to the stream's directory. Throws {@link ApiException}s of
     * the create checks that could only be made now (name taken meanwhile, overlapping subjects).
     */
    public synchronized Stream addRestored(StreamConfig c, StreamStore store, Path stagedDir, long createdNanos)
            throws IOException {
        if (streams.containsKey(c.name()) || offline.get(c.name()) != null) {
            throw JsApiError.STREAM_NAME_EXIST_RESTORE_FAILED.exception();
        }
        StreamConfigRules.checkNoOverlap(c.subjects(), otherSubjects(c.name()));
        Path dir = layout.streamDir(c.name());
        StreamStore opened = store;
        if (c.storage() == StorageType.FILE) {
            StoreLayout.deleteDirectory(dir);
            Files.createDirectories(dir.getParent());
            Files.move(stagedDir, dir, StandardCopyOption.ATOMIC_MOVE);
            StreamMetaFile.write(dir, c, createdNanos, storeFactory.syncsMetaFile());
            opened = storeFactory.open(c, dir);
        }
        return add(c, opened, createdNanos, dir);
    }

    /** Updates a stream's configuration within what may change. */
    public Stream update(StreamConfig requested) {
        StreamConfig normalized = inheritMirrorDirect(StreamConfigRules.normalize(requested));
        Stream stream = lookup(requested.name());
        StreamConfig old = stream.config();
        StreamConfig c = StreamConfigRules.checkUpdate(old, normalized);
        StreamConfigRules.checkNoOverlap(c.subjects(), otherSubjects(c.name()));
        if (c.maxBytes() > old.maxBytes() && c.maxBytes() > 0) {
            long diff = old.maxBytes() > 0 ? c.maxBytes() - old.maxBytes() : c.maxBytes();
            usage.checkReservation(c.storage(), reserved(c.storage(), null), diff);
        }
        if (c.storage() == StorageType.FILE) {
            try {
                StreamMetaFile.write(
                        layout.streamDir(c.name()), c, stream.createdNanos(), storeFactory.syncsMetaFile());
            } catch (IOException e) {
                throw JsApiError.STREAM_UPDATE.exception(String.valueOf(e.getMessage()));
            }
        }
        boolean resource = !Objects.equals(c.sources(), old.sources());
        stream.update(c);
        if (resource) {
            java.util.Set<String> kept = new java.util.HashSet<>();
            for (StreamSource s : StreamSource.list(c.sources())) {
                if (s != null) {
                    kept.add(s.indexName());
                }
            }
            stopReplication(c.name(), index -> !kept.contains(index));
            startReplication(stream);
        }
        listener.streamChanged(stream);
        return stream;
    }

    /** Deletes a stream with its messages and files (an offline one too). */
    public void delete(String name) {
        if (streams.get(name) == null && offline.get(name) != null) {
            synchronized (this) {
                OfflineStreams.Entry off = offline.get(name);
                if (off != null && streams.get(name) == null && !off.restarting()) {
                    offline.remove(name);
                    restarts.forget(name);
                    listener.streamDeleted(name);
                    if (off.config().storage() == StorageType.FILE) {
                        layout.discardStreamDir(name);
                    }
                    return;
                }
            }
        }
        Stream stream = lookup(name);
        streams.remove(name);
        stopReplication(name, index -> true);
        listener.streamDeleted(name);
        StreamConsumers c = consumers.remove(name);
        if (c != null) {
            c.streamDeleted();
        }
        stream.stopAndDiscard();
        if (stream.config().storage() == StorageType.FILE) {
            layout.discardStreamDir(name);
        }
    }

    /** Stops every stream and its consumers; files stay for the next start. */
    public void close() {
        for (String name : List.copyOf(replications.keySet())) {
            stopReplication(name);
        }
        for (StreamConsumers c : consumers.values()) {
            c.stop();
        }
        consumers.clear();
        for (Stream s : streams.values()) {
            s.stop();
        }
        streams.clear();
        offline.close();
        StoreLayout.awaitDeletions(CLOSE_DELETIONS_MILLIS);
    }

    /**
     * A stream's writer or consumer task failed: recover on a thread of its own (never on the failing worker,
     * which the stop below may wait for).
     */
    private void recoverLater(Stream failed) {
        Thread t = new Thread(() -> recover(failed), "js-recover-" + failed.name());
        t.setDaemon(true);
        t.start();
    }

    /**
     * Restarts a failed file stream from its store, with its durable consumers (at most {@link RestartBudget}'s
     * times a minute); otherwise, or when that fails too, takes it offline for good. Meanwhile and then its
     * subjects answer "stream is offline"; the log, an advisory and {@code /healthz} name it. Every other stream
     * keeps serving.
     */
    synchronized void recover(Stream failed) {
        String name = failed.name();
        if (streams.get(name) != failed) {
            return;
        }
        StreamConfig c = failed.config();
        String error = String.valueOf(failed.failure());
        boolean restart = c.storage() == StorageType.FILE && restarts.tryRestart(name, System.nanoTime());
        offline.add(c, restart ? "restarting after failure: " + error : error, ApiTime.nowNanos(), restart);
        stopReplication(name);
        StreamConsumers sc = consumers.remove(name);
        streams.remove(name);
        if (sc != null) {
            sc.stop();
        }
        failed.stop();
        if (restart) {
            try {
                Path dir = layout.streamDir(name);
                StreamStore store = storeFactory.open(c, dir);
                offline.remove(name);
                add(c, store, failed.createdNanos(), dir);
                LOG.log(
                        System.Logger.Level.WARNING,
                        "JetStream stream ''{0}'' restarted from its store after: {1}",
                        name,
                        error);
                failureAdvisory.publish(name, error, "restarted");
                return;
            } catch (IOException | RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "JetStream stream '" + name + "' could not be restarted", e);
                error = error + "; restart failed: " + e;
            }
        } else if (c.storage() != StorageType.FILE) {
            error = error + " (a memory stream can not be restarted from its store)";
        } else {
            error = error + " (failed " + RestartBudget.MAX_RESTARTS + " times within " + RestartBudget.WINDOW_SECONDS
                    + " s)";
        }
        offline.add(c, error, ApiTime.nowNanos(), false);
        listener.streamDeleted(name);
        LOG.log(
                System.Logger.Level.ERROR,
                "JetStream stream ''{0}'' is offline: {1}; delete it or restart the broker",
                name,
                error);
        failureAdvisory.publish(name, error, "offline");
    }

    private List<String> otherSubjects(String except) {
        List<String> out = new ArrayList<>(offline.subjects(except));
        for (Stream s : streams.values()) {
            if (!s.name().equals(except)) {
                out.addAll(s.config().subjects());
            }
        }
        return out;
    }
}
