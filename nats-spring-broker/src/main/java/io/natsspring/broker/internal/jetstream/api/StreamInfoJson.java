package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.stream.SourcingStatus;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamSource;
import io.natsspring.broker.internal.store.StreamState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.annotation.JsonSerialize;

/** A stream's info ({@code config}, {@code created}, {@code state}, …) in {@code nats-server}'s JSON shape. */
final class StreamInfoJson {

    /** Most subjects one info response lists; more are paged with {@code offset}. */
    public static final int MAX_SUBJECT_DETAILS = 100_000;

    private StreamInfoJson() {}

    /** {@code StreamInfo}. */
    public record Info(
            @JsonProperty("config") StreamConfig config,

            @JsonProperty("created") @JsonSerialize(using = GoScalars.TimeWriter.class)
            long created,

            @JsonProperty("state") State state,

            @JsonProperty("cluster") @JsonInclude(Include.NON_NULL)
            Cluster cluster,

            @JsonProperty("mirror") @JsonInclude(Include.NON_NULL)
            SourceInfo mirror,

            @JsonProperty("sources") @JsonInclude(Include.NON_EMPTY)
            List<SourceInfo> sources,

            @JsonProperty("ts") @JsonSerialize(using = GoScalars.TimeWriter.class)
            long ts,

            @JsonProperty("domain") @JsonInclude(Include.NON_NULL)
            String domain) {

        /** Info without a JetStream domain. */
        public Info(
                StreamConfig config,
                long created,
                State state,
                Cluster cluster,
                SourceInfo mirror,
                List<SourceInfo> sources,
                long ts) {
            this(config, created, state, cluster, mirror, sources, ts, null);
        }
    }

    /** {@code StreamState}. */
    public record State(
            @JsonProperty("messages") long messages,
            @JsonProperty("bytes") long bytes,
            @JsonProperty("first_seq") long firstSeq,

            @JsonProperty("first_ts") @JsonSerialize(using = GoScalars.TimeWriter.class)
            long firstTs,

            @JsonProperty("last_seq") long lastSeq,

            @JsonProperty("last_ts") @JsonSerialize(using = GoScalars.TimeWriter.class)
            long lastTs,

            @JsonProperty("num_subjects") @JsonInclude(Include.NON_DEFAULT)
            long numSubjects,

            @JsonProperty("subjects") @JsonInclude(Include.NON_NULL)
            Map<String, Long> subjects,

            @JsonProperty("num_deleted") @JsonInclude(Include.NON_DEFAULT)
            long numDeleted,

            @JsonProperty("deleted") @JsonInclude(Include.NON_NULL)
            List<Long> deleted,

            @JsonProperty("consumer_count") int consumerCount) {}

    /** {@code StreamSourceInfo}: a mirror's or source's progress. */
    @JsonPropertyOrder({"name", "external", "lag", "seq", "active", "error", "filter_subject", "subject_transforms"})
    public record SourceInfo(
            @JsonProperty("name") String name,

            @JsonProperty("external") @JsonInclude(Include.NON_NULL)
            External external,

            @JsonProperty("lag") long lag,

            @JsonProperty("seq") @JsonInclude(Include.NON_DEFAULT)
            long seq,

            @JsonProperty("active") long active,

            @JsonProperty("error") @JsonInclude(Include.NON_NULL)
            ApiErrorJson error,

            @JsonProperty("filter_subject") @JsonInclude(Include.NON_EMPTY)
            String filterSubject,

            @JsonProperty("subject_transforms") @JsonInclude(Include.NON_EMPTY)
            List<Transform> subjectTransforms) {

        static SourceInfo of(SourcingStatus.Source s) {
            StreamSource c = s.config();
            List<Transform> trs = new ArrayList<>();
            for (StreamSource.Transform t : c.transforms()) {
                trs.add(new Transform(t.source(), t.destination()));
            }
            ApiError e = s.error();
            return new SourceInfo(
                    c.name(),
                    c.isExternal() ? new External(c.apiPrefix(), c.deliverPrefix()) : null,
                    s.lag(),
                    s.lastSeq(),
                    s.activeNanos(),
                    e == null ? null : new ApiErrorJson(e.code(), e.errCode(), e.description()),
                    c.filterSubject(),
                    trs);
        }
    }

    /** {@code ExternalStream}. */
    public record External(
            @JsonProperty("api") String api,
            @JsonProperty("deliver") String deliver) {}

    /** {@code SubjectTransformConfig}. */
    public record Transform(
            @JsonProperty("src") String src,
            @JsonProperty("dest") String dest) {}

    /** {@code ApiError}. */
    @JsonPropertyOrder({"code", "err_code", "description"})
    public record ApiErrorJson(
            @JsonProperty("code") int code,

            @JsonProperty("err_code") @JsonInclude(Include.NON_DEFAULT)
            int errCode,

            @JsonProperty("description") @JsonInclude(Include.NON_EMPTY)
            String description) {}

    /** {@code ClusterInfo}: the leader only, this broker has no peers. */
    public record Cluster(@JsonProperty("leader") String leader) {}

    /** {@code STREAM.INFO}'s answer: paging of the subject details, then the info. */
    record InfoResponse(
            @JsonProperty("total") int total,
            @JsonProperty("offset") int offset,
            @JsonProperty("limit") int limit,
            @JsonUnwrapped Info info) {}

    /** {@code STREAM.CREATE}'s answer. */
    record CreateResponse(
            @JsonUnwrapped Info info,

            @JsonProperty("did_create") @JsonInclude(Include.NON_DEFAULT)
            boolean didCreate) {}

    /**
     * Info of one stream.
     *
     * @param leader   server name reported as cluster leader, {@code null} to leave {@code cluster} out
     * @param deleted  include the {@code deleted} sequence list
     * @param subjects subject counts to list in {@code state.subjects}, or {@code null}
     */
    public static Info of(Stream stream, String leader, boolean deleted, Map<String, Long> subjects) {
        return new Info(
                stream.config(),
                stream.createdNanos(),
                state(stream, deleted, subjects),
                leader == null ? null : new Cluster(leader),
                stream.sourcing().mirror() == null
                        ? null
                        : SourceInfo.of(stream.sourcing().mirror()),
                sourceInfos(stream),
                ApiTime.nowNanos(),
                stream.domain());
    }

    private static List<SourceInfo> sourceInfos(Stream stream) {
        List<SourceInfo> out = new ArrayList<>();
        for (SourcingStatus.Source s : stream.sourcing().sources()) {
            out.add(SourceInfo.of(s));
        }
        return out;
    }

    private static State state(Stream stream, boolean withDeleted, Map<String, Long> subjects) {
        StreamState s = stream.state();
        boolean pristine = s.lastSeq() == 0 && s.msgs() == 0;
        List<Long> deleted = null;
        if (withDeleted && s.numDeleted() > 0) {
            deleted = new ArrayList<>();
            for (long seq : stream.store().deletedSequences()) {
                deleted.add(seq);
            }
        }
        return new State(
                s.msgs(),
                s.bytes(),
                pristine ? 0 : s.firstSeq(),
                s.firstTimestampNanos(),
                s.lastSeq(),
                s.lastTimestampNanos(),
                s.numSubjects(),
                subjects,
                s.numDeleted(),
                deleted,
                stream.consumerInterest().consumerCount());
    }

    /**
     * {@code STREAM.INFO}'s answer, with {@code state.subjects} for {@code filter} (and {@code total/offset/limit})
     * paged when there are more than {@link #MAX_SUBJECT_DETAILS} or an offset is asked for.
     */
    static InfoResponse infoResponse(Stream stream, String leader, boolean deleted, String filter, int offset) {
        Map<String, Long> counts =
                filter == null || filter.isEmpty() ? Map.of() : stream.store().subjectCounts(filter);
        if (counts.isEmpty()) {
            return new InfoResponse(0, 0, 0, of(stream, leader, deleted, null));
        }
        Map<String, Long> page;
        if (offset == 0 && counts.size() <= MAX_SUBJECT_DETAILS) {
            page = new TreeMap<>(counts);
        } else {
            List<String> names = new ArrayList<>(counts.keySet());
            Collections.sort(names);
            int from = Math.min(offset, names.size());
            int to = Math.min(from + MAX_SUBJECT_DETAILS, names.size());
            page = new LinkedHashMap<>();
            for (String n : names.subList(from, to)) {
                page.put(n, counts.get(n));
            }
        }
        return new InfoResponse(counts.size(), offset, MAX_SUBJECT_DETAILS, of(stream, leader, deleted, page));
    }
}
