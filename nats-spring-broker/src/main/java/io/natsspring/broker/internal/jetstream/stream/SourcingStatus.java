package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiError;
import java.util.List;

/** What a stream's mirror or sources report in stream info; installed by the replication layer. */
public interface SourcingStatus {

    /** No mirror, no sources. */
    SourcingStatus NONE = new SourcingStatus() {
        @Override
        public Source mirror() {
            return null;
        }

        @Override
        public List<Source> sources() {
            return List.of();
        }
    };

    /** The mirror's state, or {@code null}. */
    Source mirror();

    /** The sources' state, in configuration order. */
    List<Source> sources();

    /**
     * One {@code StreamSourceInfo}.
     *
     * @param lastSeq     the last origin sequence a source took ({@code 0} for a mirror, whose info leaves it out)
     * @param activeNanos nanoseconds since the origin was last heard from, {@code -1} when never
     * @param error       the last setup error, or {@code null}
     */
    record Source(StreamSource config, long lag, long lastSeq, long activeNanos, ApiError error) {}
}
