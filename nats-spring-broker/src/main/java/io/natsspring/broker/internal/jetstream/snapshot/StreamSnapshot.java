package io.natsspring.broker.internal.jetstream.snapshot;

import io.natsspring.broker.internal.jetstream.consumer.ArchivedConsumer;
import io.natsspring.broker.internal.jetstream.consumer.StreamConsumers;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.store.StreamState;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One running snapshot: on a thread of its own, collects the durable consumers' state, writes the archive through
 * a {@link ChunkSender} and ends with the final message ({@code 204} when complete, {@code 408}/{@code 500} with
 * the reason otherwise). The stream keeps taking writes meanwhile; the archive holds the messages up to the last
 * sequence of the state captured when the snapshot was asked for.
 */
public final class StreamSnapshot {

    private static final System.Logger LOG = System.getLogger(StreamSnapshot.class.getName());

    /** {@code nats-server}'s default chunk size (128 KiB), kept between 1 KiB and 1 MiB. */
    static final int DEFAULT_CHUNK = 128 * 1024;
    /** {@code nats-server}'s default window (8 MiB), kept between 1 KiB and 32 MiB. */
    static final int DEFAULT_WINDOW = 8 * 1024 * 1024;

    /** What a snapshot request asks for. */
    public record Request(String deliverSubject, boolean noConsumers, int chunkSize, int windowSize) {}

    private StreamSnapshot() {}

    /**
     * Starts streaming a snapshot of {@code stream} taken at {@code state}.
     *
     * @param done told the error text ({@code null} on success) when the snapshot ended
     */
    public static void start(
            Stream stream,
            StreamConsumers consumers,
            StreamState state,
            InternalPublisher publisher,
            Request req,
            java.util.function.Consumer<String> done) {
        int chunk = req.chunkSize() == 0 ? DEFAULT_CHUNK : req.chunkSize();
        int window = req.windowSize() == 0 ? DEFAULT_WINDOW : req.windowSize();
        chunk = Math.min(Math.max(1024, chunk), 1024 * 1024);
        window = Math.max(Math.min(Math.max(1024, window), 32 * 1024 * 1024), chunk);
        String ackPrefix = "$JS.SNAPSHOT.ACK." + stream.name() + "."
                + UUID.randomUUID().toString().replace("-", "");
        int chunkSize = chunk;
        int inFlight = window / chunk;
        Thread t = new Thread(
                () -> run(stream, consumers, state, publisher, req, chunkSize, inFlight, ackPrefix, done),
                "js-snapshot-" + stream.name());
        t.setDaemon(true);
        t.start();
    }

    private static void run(
            Stream stream,
            StreamConsumers consumers,
            StreamState state,
            InternalPublisher publisher,
            Request req,
            int chunkSize,
            int inFlight,
            String ackPrefix,
            java.util.function.Consumer<String> done) {
        ChunkSender out = new ChunkSender(publisher, req.deliverSubject(), ackPrefix, chunkSize, inFlight);
        String status = "204";
        String error = null;
        try {
            List<ArchivedConsumer> archived = req.noConsumers()
                    ? List.of()
                    : consumers.archive(state.lastSeq()).get(30, TimeUnit.SECONDS);
            boolean empty = state.msgs() == 0;
            SnapshotFormat.Header header = new SnapshotFormat.Header(
                    1,
                    stream.config(),
                    stream.createdNanos(),
                    empty ? state.lastSeq() + 1 : state.firstSeq(),
                    state.lastSeq(),
                    state.lastTimestampNanos(),
                    state.msgs());
            ArchiveWriter.write(out, header, stream.store(), archived);
        } catch (ChunkSender.Aborted e) {
            status = e.status();
            error = e.getMessage();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            error = String.valueOf(e.getMessage());
            status = "500 " + error;
            LOG.log(System.Logger.Level.WARNING, "Snapshot of stream '" + stream.name() + "' failed", e);
        } finally {
            out.finish(status);
            done.accept(error);
        }
    }
}
