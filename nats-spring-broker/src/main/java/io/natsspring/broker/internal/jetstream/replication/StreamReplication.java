package io.natsspring.broker.internal.jetstream.replication;

import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.stream.SourcingStatus;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/** The mirror or the sources of one stream: their links, started and stopped together, and their stream info. */
public final class StreamReplication implements SourcingStatus {

    private final SourceLink mirror;
    private final List<SourceLink> sources;

    private StreamReplication(SourceLink mirror, List<SourceLink> sources) {
        this.mirror = mirror;
        this.sources = sources;
    }

    /**
     * Starts the mirror or sources of {@code stream} where its stored messages say they stopped; {@code null} when
     * it has neither.
     */
    public static StreamReplication start(Stream stream, InternalPublisher publisher, ScheduledExecutorService timers) {
        StreamConfig c = stream.config();
        if (c.mirror() != null) {
            SourceLink link = new SourceLink(stream, StreamSource.of(c.mirror()), true, publisher, timers);
            StreamReplication r = new StreamReplication(link, List.of());
            stream.setSourcing(r);
            link.start(0, null);
            return r;
        }
        List<StreamSource> specs = StreamSource.list(c.sources());
        if (specs.isEmpty()) {
            stream.setSourcing(SourcingStatus.NONE);
            return null;
        }
        Map<String, SourceProgress.Position> progress = SourceProgress.recover(stream.store(), specs);
        List<SourceLink> links = new ArrayList<>();
        for (StreamSource s : specs) {
            links.add(new SourceLink(stream, s, false, publisher, timers));
        }
        StreamReplication r = new StreamReplication(null, List.copyOf(links));
        stream.setSourcing(r);
        for (SourceLink l : links) {
            SourceProgress.Position at = progress.get(l.indexName());
            l.start(at == null ? 0 : at.seq(), at == null ? null : at.identity());
        }
        return r;
    }

    /** Stops every link and deletes their consumers on the origin. */
    public void stop() {
        if (mirror != null) {
            mirror.stop();
        }
        for (SourceLink l : sources) {
            l.stop();
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
