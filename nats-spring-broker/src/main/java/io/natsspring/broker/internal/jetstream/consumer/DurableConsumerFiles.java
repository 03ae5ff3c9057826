package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.stream.StorageType;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a stream keeps its durable consumers ({@code <streamDir>/consumers/}, see {@link ConsumerStateFile}):
 * which consumers are persisted (durable, of a file stream, not {@code mem_storage}), writing their config and
 * state (state through each consumer's {@link ConsumerJournal}), reading them back on start and removing them on
 * delete. Consumer thread only.
 */
final class DurableConsumerFiles {

    private static final System.Logger LOG = System.getLogger(DurableConsumerFiles.class.getName());

    private final Stream stream;
    private final Path streamDir;
    private final Map<String, ConsumerJournal> journals = new HashMap<>();

    /** @param streamDir the stream's directory, {@code null} for a memory stream */
    DurableConsumerFiles(Stream stream, Path streamDir) {
        this.stream = stream;
        this.streamDir = streamDir;
    }

    boolean persisted(ConsumerConfig c) {
        return streamDir != null && stream.config().storage() == StorageType.FILE && c.isDurable() && !c.memStorage();
    }

    /** Writes config and creation time; failures surface to the caller (consumer create). */
    void writeMeta(Consumer c) throws IOException {
        if (persisted(c.config())) {
            ConsumerStateFile.writeMeta(ConsumerStateFile.dir(streamDir, c.name()), c.config(), c.createdNanos());
        }
    }

    /** Writes config and creation time after an update; failures are logged. */
    void rewriteMeta(Consumer c) {
        try {
            writeMeta(c);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Can not write config of consumer '" + c.name() + "'", e);
        }
    }

    /** Writes {@code c}'s state if it is persisted and changed since the last write. */
    void writeStateIfChanged(Consumer c) {
        writeState(c);
    }

    /**
     * Writes {@code c}'s state if it is persisted and changed since the last write (an append to its
     * {@link ConsumerJournal}); {@code false} when the write failed (logged; the state stays marked changed, so a
     * later write retries).
     */
    boolean writeState(Consumer c) {
        if (!persisted(c.config()) || !c.takeDirty()) {
            return true;
        }
        try {
            journal(c.name()).append(c.stateSource());
            return true;
        } catch (IOException e) {
            c.markDirty();
            LOG.log(System.Logger.Level.WARNING, "Can not write state of consumer '" + c.name() + "'", e);
            return false;
        }
    }

    private ConsumerJournal journal(String name) {
        return journals.computeIfAbsent(name, n -> new ConsumerJournal(ConsumerStateFile.dir(streamDir, n), syncs()));
    }

    /** Whether state writes are forced to the device: when the stream's store forces every write. */
    private boolean syncs() {
        return stream.store() != null && stream.store().syncsEveryFlush();
    }

    /** Closes {@code c}'s journal (the consumer stops; its files stay). */
    void close(Consumer c) {
        ConsumerJournal j = journals.remove(c.name());
        if (j != null) {
            j.close();
        }
    }

    /**
     * Folds a restored consumer's journal into {@code state.json} (dropping a torn tail, so new records follow
     * valid ones); failures are logged, the journal then stays as it is and is folded by the next write.
     */
    private void foldRestored(Path dir, ConsumerStateFile.Restored r) {
        if (r.state() == null || !Files.exists(dir.resolve(ConsumerJournal.NAME))) {
            return;
        }
        ConsumerJournal j = journal(dir.getFileName().toString());
        try {
            j.fold(r.state());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Can not fold state journal of consumer in " + dir, e);
        }
    }

    /** Every durable consumer found on disk; unreadable ones are logged and skipped. */
    List<ConsumerStateFile.Restored> readAll() {
        List<ConsumerStateFile.Restored> out = new ArrayList<>();
        if (streamDir == null) {
            return out;
        }
        Path dir = streamDir.resolve(ConsumerStateFile.DIR);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                try {
                    ConsumerStateFile.Restored r = ConsumerStateFile.read(p);
                    foldRestored(p, r);
                    out.add(r);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "Can not restore consumer from " + p + "; skipped", e);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Can not list consumers in " + dir, e);
        }
        return out;
    }

    /** Removes a deleted consumer's directory. */
    void delete(Consumer c) {
        close(c);
        if (!persisted(c.config())) {
            return;
        }
        Path dir = ConsumerStateFile.dir(streamDir, c.name());
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Can not delete " + dir, e);
        }
    }
}
