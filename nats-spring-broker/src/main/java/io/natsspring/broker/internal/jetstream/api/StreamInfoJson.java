package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;

import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfigJson;
import io.natsspring.broker.internal.store.StreamState;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Encodes a stream's info ({@code config}, {@code created}, {@code state}, …) as {@code nats-server} does. */
final class StreamInfoJson {

    /** Most subjects one info response lists; more are paged with {@code offset}. */
    public static final int MAX_SUBJECT_DETAILS = 100_000;

    private StreamInfoJson() {
    }

    /**
     * Info fields of one stream.
     *
     * @param leader     server name reported as cluster leader, {@code null} to leave {@code cluster} out
     * @param deleted    include the {@code deleted} sequence list
     */
    public static ObjectNode encode(Stream stream, String leader, boolean deleted) {
        ObjectNode o = ApiJson.object();
        o.set("config", StreamConfigJson.encode(stream.config()));
        o.put("created", ApiTime.format(stream.createdNanos()));
        o.set("state", state(stream, deleted));
        if (leader != null) {
            o.putObject("cluster").put("leader", leader);
        }
        o.put("ts", ApiTime.format(ApiTime.nowNanos()));
        return o;
    }

    static ObjectNode state(Stream stream, boolean withDeleted) {
        StreamState s = stream.state();
        ObjectNode o = ApiJson.object();
        boolean pristine = s.lastSeq() == 0 && s.msgs() == 0;
        o.put("messages", s.msgs());
        o.put("bytes", s.bytes());
        o.put("first_seq", pristine ? 0 : s.firstSeq());
        o.put("first_ts", ApiTime.format(s.firstTimestampNanos()));
        o.put("last_seq", s.lastSeq());
        o.put("last_ts", ApiTime.format(s.lastTimestampNanos()));
        if (s.numSubjects() > 0) {
            o.put("num_subjects", s.numSubjects());
        }
        if (s.numDeleted() > 0) {
            o.put("num_deleted", s.numDeleted());
            if (withDeleted) {
                ArrayNode a = o.putArray("deleted");
                for (long seq : stream.store().deletedSequences()) {
                    a.add(seq);
                }
            }
        }
        o.put("consumer_count", stream.consumerInterest().consumerCount());
        return o;
    }

    /**
     * Adds {@code state.subjects} for {@code filter} to an info response (and {@code total/offset/limit}), paging
     * when there are more than {@link #MAX_SUBJECT_DETAILS} or an offset is asked for.
     */
    public static void addSubjects(ObjectNode response, Stream stream, String filter, int offset) {
        Map<String, Long> counts = stream.store().subjectCounts(filter);
        if (counts.isEmpty()) {
            return;
        }
        response.put("total", counts.size());
        response.put("offset", offset);
        response.put("limit", MAX_SUBJECT_DETAILS);
        ObjectNode subjects = ((ObjectNode) response.get("state")).putObject("subjects");
        if (offset == 0 && counts.size() <= MAX_SUBJECT_DETAILS) {
            new TreeMap<>(counts).forEach(subjects::put);
            return;
        }
        List<String> names = new ArrayList<>(counts.keySet());
        Collections.sort(names);
        int from = Math.min(offset, names.size());
        int to = Math.min(from + MAX_SUBJECT_DETAILS, names.size());
        for (String n : names.subList(from, to)) {
            subjects.put(n, counts.get(n));
        }
    }
}
