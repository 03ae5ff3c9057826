package io.natsspring.broker.internal.jetstream;

import io.natsspring.broker.internal.jetstream.base.InternalPublisher;

import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.api.AccountApiHandler;
import io.natsspring.broker.internal.jetstream.api.ConsumerApiHandlers;
import io.natsspring.broker.internal.jetstream.api.ApiDispatcher;
import io.natsspring.broker.internal.jetstream.api.ApiStats;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.api.DirectGetHandler;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.api.StreamApiHandlers;
import io.natsspring.broker.internal.jetstream.api.StreamMessageApiHandlers;
import io.natsspring.broker.internal.jetstream.consumer.StreamConsumers;
import io.natsspring.broker.internal.jetstream.stream.StorageType;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamConfigRules;
import io.natsspring.broker.internal.jetstream.stream.StreamContext;
import io.natsspring.broker.internal.jetstream.stream.StreamMetaFile;
import io.natsspring.broker.internal.store.StreamStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JetStream for the broker's single account: owns the streams, restores file streams from the store directory on
 * start, and answers the {@code $JS.API} stream requests on one API thread. Stream lifecycle methods
 * ({@link #create}, {@link #update}, {@link #delete}) are meant to run on that API thread, which serializes them.
 */
public final class JetStreamService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JetStreamService.class.getName());
    /** Directory under the store directory that holds one directory per file stream. */
    public static final String STREAMS_DIR = "streams";

    /** What {@link #create} did. */
    public record CreateResult(Stream stream, boolean created) {
    }

    private final Path storeDir;
    private final String serverName;
    private final MessageRouter router;
    private final InternalPublisher publisher;
    private final StoreFactory storeFactory;
    private final AccountUsage usage;
    private final ApiStats stats = new ApiStats();
    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StreamConsumers> consumers = new ConcurrentHashMap<>();
    private final ExecutorService apiExecutor = Executors.newSingleThreadExecutor(daemon("js-api"));
    private final ExecutorService directExecutor = Executors.newSingleThreadExecutor(daemon("js-direct-get"));
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("js-timers"));
    private final ApiDispatcher dispatcher;
    private final DirectGetHandler directGets;
    private final StreamContext streamContext;

    public JetStreamService(JetStreamSettings options, MessageRouter router, String serverName) {
        this(options, router, serverName, new DefaultStoreFactory(options.syncInterval(), options.syncAlways()));
    }

    JetStreamService(JetStreamSettings options, MessageRouter router, String serverName, StoreFactory storeFactory) {
        this.storeDir = options.storeDir() != null ? options.storeDir()
                : Path.of(System.getProperty("java.io.tmpdir"), "nats-spring", "jetstream");
        this.serverName = serverName;
        this.router = router;
        this.publisher = new InternalPublisher(router);
        this.storeFactory = storeFactory;
        this.usage = new AccountUsage(options.maxMemoryStore(), options.maxFileStore());
        this.dispatcher = new ApiDispatcher(publisher, apiExecutor, stats);
        this.directGets = new DirectGetHandler(publisher, directExecutor);
        this.streamContext = new StreamContext(publisher, usage, timers);
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Restores the file streams found in the store directory and starts answering API requests. */
    public void start() throws IOException {
        Files.createDirectories(storeDir.resolve(STREAMS_DIR));
        restore();
        AccountApiHandler.register(dispatcher, this);
        StreamApiHandlers.register(dispatcher, this);
        StreamMessageApiHandlers.register(dispatcher, this);
        ConsumerApiHandlers.register(dispatcher, this);
        LOG.log(System.Logger.Level.INFO, "JetStream started, store directory {0}, {1} stream(s) restored",
                storeDir, streams.size());
    }

    public Path storeDir() {
        return storeDir;
    }

    public String serverName() {
        return serverName;
    }

    public AccountUsage usage() {
        return usage;
    }

    public ApiStats apiStats() {
        return stats;
    }

    /** Figures for the {@code /jsz} and {@code /varz} monitoring endpoints. */
    public Map<String, Object> monitoringSummary() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("max_memory", usage.maxMemory());
        config.put("max_storage", usage.maxStore());
        config.put("store_dir", storeDir.toString());
        long messages = 0;
        long bytes = 0;
        List<Stream> all = streams();
        for (Stream s : all) {
            messages += s.state().msgs();
            bytes += s.state().bytes();
        }
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("total", stats.total());
        api.put("errors", stats.errors());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", config);
        m.put("memory", usage.memoryUsed());
        m.put("storage", usage.storeUsed());
        m.put("streams", all.size());
        m.put("messages", messages);
        m.put("bytes", bytes);
        m.put("api", api);
        return m;
    }

    /** The stream with this name, or {@code null}. */
    public Stream find(String name) {
        return streams.get(name);
    }

    /** The stream with this name; {@link JsApiError#STREAM_NOT_FOUND} if there is none. */
    public Stream lookup(String name) {
        Stream s = streams.get(name);
        if (s == null) {
            throw JsApiError.STREAM_NOT_FOUND.exception();
        }
        return s;
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
        StreamConfig c = StreamConfigRules.normalize(requested);
        if (c.replicas() > 1) {
            throw JsApiError.STREAM_REPLICAS_NOT_SUPPORTED.exception();
        }
        Stream existing = streams.get(c.name());
        if (existing != null) {
            if (existing.config().equals(c)) {
                return new CreateResult(existing, false);
            }
            throw JsApiError.STREAM_NAME_EXIST.exception();
        }
        usage.checkReservation(c.storage(), reserved(c.storage(), null), c.maxBytes());
        StreamConfigRules.checkNoOverlap(c.subjects(), otherSubjects(c.name()));
        long created = ApiTime.nowNanos();
        Path dir = streamDir(c.name());
        StreamStore store = null;
        try {
            if (c.storage() == StorageType.FILE) {
                StreamMetaFile.write(dir, c, created);
            }
            store = storeFactory.open(c, dir);
            if (c.firstSeq() > 1) {
                store.compact(c.firstSeq());
            }
        } catch (IOException | RuntimeException e) {
            if (store != null) {
                store.close();
            }
            deleteDirectory(dir);
            LOG.log(System.Logger.Level.WARNING, "Stream create failed for '" + c.name() + "'", e);
            throw JsApiError.STREAM_CREATE.exception(String.valueOf(e.getMessage()));
        }
        Stream stream = new Stream(c, store, created, router, streamContext);
        stream.start();
        attachConsumers(stream, dir);
        streams.put(c.name(), stream);
        directGets.sync(stream);
        return new CreateResult(stream, true);
    }

    /** Updates a stream's configuration within what may change. */
    public Stream update(StreamConfig requested) {
        StreamConfig normalized = StreamConfigRules.normalize(requested);
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
                StreamMetaFile.write(streamDir(c.name()), c, stream.createdNanos());
            } catch (IOException e) {
                throw JsApiError.STREAM_UPDATE.exception(String.valueOf(e.getMessage()));
            }
        }
        stream.update(c);
        directGets.sync(stream);
        return stream;
    }

    /** Deletes a stream with its messages and files. */
    public void delete(String name) {
        Stream stream = lookup(name);
        streams.remove(name);
        directGets.detach(name);
        StreamConsumers c = consumers.remove(name);
        if (c != null) {
            c.streamDeleted();
        }
        stream.stop();
        if (stream.config().storage() == StorageType.FILE) {
            deleteDirectory(streamDir(name));
        }
    }

    /** Stops answering, flushes and closes every stream (files stay for the next start). */
    @Override
    public void close() {
        dispatcher.close();
        directGets.close();
        for (StreamConsumers c : consumers.values()) {
            c.stop();
        }
        consumers.clear();
        for (Stream s : streams.values()) {
            s.stop();
        }
        streams.clear();
        apiExecutor.shutdown();
        directExecutor.shutdown();
        timers.shutdownNow();
        try {
            apiExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void attachConsumers(Stream stream, Path dir) {
        StreamConsumers c = new StreamConsumers(stream, publisher, timers,
                stream.config().storage() == StorageType.FILE ? dir : null);
        stream.setConsumerInterest(c);
        c.start();
        consumers.put(stream.name(), c);
    }

    private List<String> otherSubjects(String except) {
        List<String> out = new ArrayList<>();
        for (Stream s : streams.values()) {
            if (!s.name().equals(except)) {
                out.addAll(s.config().subjects());
            }
        }
        return out;
    }

    private Path streamDir(String name) {
        return storeDir.resolve(STREAMS_DIR).resolve(name);
    }

    private void restore() throws IOException {
        try (var dirs = Files.list(storeDir.resolve(STREAMS_DIR))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (!Files.isRegularFile(dir.resolve(StreamMetaFile.NAME))) {
                    continue;
                }
                try {
                    StreamMetaFile.Meta meta = StreamMetaFile.read(dir);
                    StreamConfig c = meta.config();
                    StreamStore store = storeFactory.open(c, dir);
                    Stream stream = new Stream(c, store, meta.createdNanos(), router, streamContext);
                    stream.start();
                    attachConsumers(stream, dir);
                    streams.put(c.name(), stream);
                    directGets.sync(stream);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "Can not restore stream from " + dir + "; skipped", e);
                }
            }
        }
    }

    private static void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Can not delete " + dir, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
