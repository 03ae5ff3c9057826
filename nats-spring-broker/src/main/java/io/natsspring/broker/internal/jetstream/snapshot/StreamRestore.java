package io.natsspring.broker.internal.jetstream.snapshot;

import io.natsspring.broker.internal.jetstream.account.AccountUsage;
import io.natsspring.broker.internal.jetstream.account.StoreLayout;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.consumer.ArchivedConsumer;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import io.natsspring.broker.internal.jetstream.stream.StorageType;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.store.StreamStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One running restore: takes the chunks a client sends to {@code $JS.SNAPSHOT.RESTORE.<stream>.<id>} (each with a
 * reply subject, acknowledged with an empty message once written), stages them in a file under the account's
 * {@link StoreLayout#restoreStagingDir() restore directory} (never the whole archive in memory), and on the empty
 * end-of-archive message builds the stream's store from the archive in a staging directory, moves it in place and
 * starts the stream with its consumers. No chunk for {@link #STALL_MILLIS} ends the restore unanswered, as in
 * {@code nats-server}.
 */
public final class StreamRestore {

    private static final System.Logger LOG = System.getLogger(StreamRestore.class.getName());

    /** {@code nats-server}'s restore activity interval. */
    static final long STALL_MILLIS = 5_000;
    /** Chunks waiting to be written; a client that does not wait for acks past this fails its restore. */
    private static final int QUEUE = 64;

    /** How a restore ended: the stream, or the error; {@code reply} is where to answer, {@code null} for nowhere. */
    public interface Outcome {
        void restored(String reply, Stream stream);

        void failed(String reply, ApiError error);

        /** The archive bytes received, told once before {@link #restored} or {@link #failed} when known. */
        default void received(long bytes) {}
    }

    private record Chunk(String reply, byte[] data) {}

    private final StreamRegistry registry;
    private final InternalPublisher publisher;
    private final StreamConfig config;
    private final Executor apiThread;
    private final Outcome outcome;
    private final Path staging;
    private final String deliverSubject;
    private final ArrayBlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(QUEUE);
    private final InternalSubscription subscription;
    private volatile boolean overflow;

    private StreamRestore(
            StreamRegistry registry, InternalPublisher publisher, StreamConfig config, Executor apiThread, Outcome o)
            throws IOException {
        this.registry = registry;
        this.publisher = publisher;
        this.config = config;
        this.apiThread = apiThread;
        this.outcome = o;
        String id = UUID.randomUUID().toString().replace("-", "");
        this.staging = registry.restoreStagingDir().resolve(id);
        Files.createDirectories(staging);
        this.deliverSubject = "$JS.SNAPSHOT.RESTORE." + config.name() + "." + id;
        this.subscription = new InternalSubscription(deliverSubject, null, (m, b) -> {
            if (!chunks.offer(new Chunk(m.reply(), m.payloadBytes()))) {
                overflow = true;
            }
            return true;
        });
    }

    /**
     * Starts a restore of a stream with {@code config} (already checked) and returns the subject the client sends
     * its chunks to.
     *
     * @param apiThread runs the step that adds the stream (serialized with the other stream administration)
     */
    public static String start(
            StreamRegistry registry, InternalPublisher publisher, StreamConfig config, Executor apiThread, Outcome o)
            throws IOException {
        StreamRestore r = new StreamRestore(registry, publisher, config, apiThread, o);
        publisher.router().subscribe(r.subscription);
        Thread t = new Thread(r::run, "js-restore-" + config.name());
        t.setDaemon(true);
        t.start();
        return r.deliverSubject;
    }

    private void run() {
        Path archive = staging.resolve("archive");
        String reply = null;
        boolean received = false;
        try (FileChannel file = FileChannel.open(archive, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long total = 0;
            while (!received) {
                Chunk c = chunks.poll(STALL_MILLIS, TimeUnit.MILLISECONDS);
                if (c == null || overflow) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            c == null
                                    ? "Restore for stream ''{0}'' is stalled"
                                    : "Restore for stream ''{0}'' received chunks without waiting for acks",
                            config.name());
                    return;
                }
                if (c.reply() == null || c.reply().isEmpty()) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Restore for stream ''{0}'' requires reply subject for each chunk",
                            config.name());
                    return;
                }
                if (c.data().length == 0) {
                    reply = c.reply();
                    received = true;
                    continue;
                }
                total += c.data().length;
                ApiError tooLarge = tooLarge(total);
                if (tooLarge != null) {
                    outcome.received(total);
                    outcome.failed(c.reply(), JsApiError.STREAM_RESTORE.with(tooLarge.description()));
                    return;
                }
                ByteBuffer b = ByteBuffer.wrap(c.data());
                while (b.hasRemaining()) {
                    file.write(b);
                }
                publisher.publishNow(c.reply(), null, new byte[0]);
            }
            outcome.received(total);
        } catch (IOException e) {
            outcome.failed(reply, JsApiError.STREAM_RESTORE.with(String.valueOf(e.getMessage())));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            publisher.router().unsubscribe(subscription);
            subscription.close();
            if (!received) {
                StoreLayout.deleteDirectory(staging);
            }
        }
        build(archive, reply);
    }

    /** The account's limit error when an archive of {@code bytes} can not fit, else {@code null}. */
    private ApiError tooLarge(long bytes) {
        AccountUsage usage = registry.usage();
        ApiError e = usage.checkAppend(config.storage(), bytes);
        if (e == null) {
            return null;
        }
        return (config.storage() == StorageType.MEMORY
                        ? JsApiError.MEMORY_RESOURCES_EXCEEDED
                        : JsApiError.STORAGE_RESOURCES_EXCEEDED)
                .error();
    }

    private void build(Path archive, String reply) {
        Path storeDir = staging.resolve("stream");
        StreamStore store = null;
        try {
            SnapshotFormat.Header header;
            List<ArchivedConsumer> consumers;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
                    ArchiveReader reader = new ArchiveReader(in)) {
                header = reader.header();
                store = registry.openStore(config, storeDir);
                consumers = reader.copyInto(store, Stream.storeLimits(config));
            }
            Files.deleteIfExists(archive);
            ApiError tooLarge = tooLarge(store.state().bytes());
            if (tooLarge != null) {
                throw new ApiException(tooLarge);
            }
            StreamStore built = store;
            if (config.storage() == StorageType.FILE) {
                store.close();
                store = null;
                built = null;
            }
            StreamStore memory = built;
            long created = header.createdNanos();
            CompletableFuture<Stream> added = new CompletableFuture<>();
            apiThread.execute(() -> {
                try {
                    added.complete(registry.addRestored(config, memory, storeDir, created));
                } catch (IOException | RuntimeException e) {
                    added.completeExceptionally(e);
                }
            });
            Stream stream;
            try {
                stream = added.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                store = null; // the API thread may still take it
                throw e;
            }
            store = null;
            registry.consumers(stream.name()).restoreArchived(consumers).get(60, TimeUnit.SECONDS);
            outcome.restored(reply, stream);
        } catch (Exception e) {
            Throwable cause =
                    e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (store != null) {
                try {
                    store.close();
                } catch (RuntimeException ignored) {
                    // best effort, the staging directory goes anyway
                }
            }
            String why = cause instanceof ApiException a ? a.error().description() : String.valueOf(cause.getMessage());
            LOG.log(System.Logger.Level.WARNING, "Restore of stream '" + config.name() + "' failed: " + why, cause);
            // staged data gone before the answer: a client that sees the error sees no leftover either
            StoreLayout.deleteDirectory(staging);
            outcome.failed(reply, JsApiError.STREAM_RESTORE.with(why));
        } finally {
            StoreLayout.deleteDirectory(staging);
        }
    }
}
