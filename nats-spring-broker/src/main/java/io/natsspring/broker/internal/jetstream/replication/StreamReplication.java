package io.natsspring.broker.internal.jetstream.replication;

import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.stream.SourcingStatus;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The mirror or the sources of one stream: their links, started and stopped together, their stream info, and (file
 * streams) the sources' saved progress.
 */
public final class StreamReplication implements SourcingStatus {

    private static final System.Logger LOG = System.getLogger(StreamReplication.class.getName());

    private final SourceLink mirror;
    private final List<SourceLink> sources;
    private final Path dir;
    private ScheduledFuture<?> saver;
    private Map<String, SourceProgress.Position> lastSaved = Map.of();

    private StreamReplication(SourceLink mirror, List<SourceLink> sources, Path dir) {
        this.mirror = mirror;
        this.sources = sources;
        this.dir = dir;
    }

    /**
     * Starts the mirror or sources of {@code stream} where they stopped (its stored messages and, for a file stream
     * in {@code dir}, the saved progress say where); {@code null} when it has neither.
     *
     * @param account the account's name (part of the stable consumer names on the origin)
     * @param dir     the stream's directory, {@code null} for a memory stream
     */
    public static StreamReplication start(
            Stream stream, InternalPublisher publisher, ScheduledExecutorService timers, String account, Path dir) {
        StreamConfig c = stream.config();
        if (c.mirror() != null) {
            SourceLink link =
                    new SourceLink(stream, StreamSource.of(c.mirror()), true, publisher, timers, account, false);
            StreamReplication r = new StreamReplication(link, List.of(), null);
            stream.setSourcing(r);
            link.start(0, null);
            return r;
        }
        List<StreamSource> specs = StreamSource.list(c.sources());
        if (specs.isEmpty()) {
            stream.setSourcing(SourcingStatus.NONE);
            return null;
        }
        Map<String, SourceProgress.Position> progress =
                SavedProgress.merge(SourceProgress.recover(stream.store(), specs), SavedProgress.load(dir));
        Map<String, Integer> perOrigin = new HashMap<>();
        for (StreamSource s : specs) {
            perOrigin.merge(s.name(), 1, Integer::sum);
        }
        List<SourceLink> links = new ArrayList<>();
        for (StreamSource s : specs) {
            links.add(new SourceLink(stream, s, false, publisher, timers, account, perOrigin.get(s.name()) > 1));
        }
        StreamReplication r = new StreamReplication(null, List.copyOf(links), dir);
        stream.setSourcing(r);
        for (SourceLink l : links) {
            SourceProgress.Position at = progress.get(l.indexName());
            l.start(at == null ? 0 : at.seq(), at == null ? null : at.identity());
        }
        if (dir != null) {
            r.saver = timers.scheduleWithFixedDelay(r::save, 1, 1, TimeUnit.SECONDS);
        }
        return r;
    }

    /** Stops every link; ephemeral consumers on the origins are deleted, durable ones only when nothing resumes. */
    public void stop() {
        stop(index -> false);
    }

    /**
     * Stops every link, deleting the durable origin consumers of the sources {@code removed} names by index name
     * (sources or stream gone; {@code "mirror"} for the mirror).
     */
    public void stop(Predicate<String> removed) {
        if (saver != null) {
            saver.cancel(false);
        }
        if (mirror != null) {
            mirror.stop(removed.test("mirror"));
        }
        for (SourceLink l : sources) {
            l.stop(removed.test(l.indexName()));
        }
        save();
    }

    private synchronized void save() {
        if (dir == null || sources.isEmpty()) {
            return;
        }
        Map<String, SourceProgress.Position> now = new HashMap<>();
        for (SourceLink l : sources) {
            SourceProgress.Position p = l.position();
            if (p.seq() > 0) {
                now.put(l.indexName(), p);
            }
        }
        if (now.equals(lastSaved)) {
            return;
        }
        try {
            SavedProgress.save(dir, now);
            lastSaved = now;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not save source progress in " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public Source mirror() {
        return mirror == null ? null : mirror.status();
    }

    @Override
    public List<Source> sources() {
        List<Source> out = new ArrayList<>(sources.size());
        for (SourceLink l : sources) {
            out.add(l.status());
        }
        return out;
    }
}
