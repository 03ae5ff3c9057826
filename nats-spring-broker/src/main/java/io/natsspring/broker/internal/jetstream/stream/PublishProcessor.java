package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamState;
import io.natsspring.broker.internal.store.StreamStore;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides the fate of one published message on the stream's writer thread: expectations
 * ({@code Nats-Expected-*}), de-duplication, rollups, size and discard-new limits, account quota; then appends it.
 * Returns the PubAck to send (or {@code null} when none is due). Not thread-safe: writer thread only.
 */
final class PublishProcessor {

    private static final int MAX_HEADER_BYTES = 65535;

    private final Stream stream;
    private final DedupWindow dedup;
    private String lastMsgId;
    private long lastTimestamp;

    PublishProcessor(Stream stream) {
        this.stream = stream;
        this.dedup = new DedupWindow(stream.config().duplicateWindowNanos());
    }

    void setDuplicateWindow(long nanos) {
        dedup.setWindow(nanos);
    }

    /** Reloads the message ids within the window from the store (after a restart). */
    void rebuild(StreamStore store) {
        StreamConfig c = stream.config();
        long now = ApiTime.nowNanos();
        StreamState st = store.state();
        lastTimestamp = st.lastTimestampNanos();
        long from =
                c.duplicateWindowNanos() > 0 ? store.sequenceForTime(now - c.duplicateWindowNanos()) : st.lastSeq() + 1;
        for (StoredMessage m = store.loadNext(null, from); m != null; m = store.loadNext(null, m.seq() + 1)) {
            String id = NatsHeaders.get(m.headers(), NatsHeaders.MSG_ID);
            if (id != null && !id.isEmpty()) {
                dedup.record(id, m.seq(), m.timestampNanos());
            }
        }
        StoredMessage last = st.msgs() > 0 ? store.load(st.lastSeq()) : null;
        String id = last == null ? null : NatsHeaders.get(last.headers(), NatsHeaders.MSG_ID);
        lastMsgId = id == null ? "" : id;
    }

    /** Processes one message; returns the PubAck payload, or {@code null} if no answer is due. */
    byte[] process(PendingPublish p) {
        StreamConfig c = stream.config();
        String name = c.name();
        boolean answer = p.reply() != null && !c.noAck();
        ApiError error = null;
        try {
            byte[] ack = admitAndStore(c, p);
            return answer ? ack : null;
        } catch (RejectedException e) {
            error = e.error;
        }
        return answer ? errorAck(name, error) : null;
    }

    private byte[] admitAndStore(StreamConfig c, PendingPublish p) {
        StreamStore store = stream.store();
        byte[] hdr = p.headers();
        if (c.sealed()) {
            throw reject(JsApiError.STREAM_SEALED.error());
        }
        String msgId = "";
        boolean rollupSub = false;
        boolean rollupAll = false;
        long now = ApiTime.nowNanos();
        if (hdr != null && hdr.length > 0) {
            String expectedStream = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_STREAM);
            if (expectedStream != null && !expectedStream.isEmpty() && !expectedStream.equals(c.name())) {
                throw reject(JsApiError.STREAM_NOT_MATCH.error());
            }
            if (!c.allowMsgTtl() && MessageTtl.ofStored(hdr) != 0) {
                throw reject(JsApiError.MESSAGE_TTL_DISABLED.error());
            }
            String id = NatsHeaders.get(hdr, NatsHeaders.MSG_ID);
            if (id != null && !id.isEmpty()) {
                msgId = id;
                long dupSeq = dedup.sequenceOf(id, now);
                if (dupSeq > 0) {
                    return ack(c.name(), dupSeq, true);
                }
            }
            String perSubject = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_LAST_SUBJECT_SEQ);
            if (perSubject != null) {
                long expected = parseSeq(perSubject);
                long actual = store.lastSequence(p.subject());
                if (expected != actual) {
                    throw reject(JsApiError.STREAM_WRONG_LAST_SEQUENCE.with(actual));
                }
            }
            String lastSeq = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_LAST_SEQ);
            if (lastSeq != null) {
                long expected = parseSeq(lastSeq);
                long actual = store.state().lastSeq();
                if (expected != actual) {
                    throw reject(JsApiError.STREAM_WRONG_LAST_SEQUENCE.with(actual));
                }
            }
            String lastId = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_LAST_MSG_ID);
            if (lastId != null && !lastId.isEmpty() && !lastId.equals(lastMsgId)) {
                throw reject(JsApiError.STREAM_WRONG_LAST_MSG_ID.with(lastMsgId));
            }
            String rollup = NatsHeaders.get(hdr, NatsHeaders.ROLLUP);
            if (rollup != null && !rollup.isEmpty()) {
                if (!c.allowRollup() || c.denyPurge()) {
                    throw reject(JsApiError.STREAM_ROLLUP_FAILED.with("rollup not permitted"));
                }
                switch (rollup) {
                    case "sub" -> rollupSub = true;
                    case "all" -> rollupAll = true;
                    default ->
                        throw reject(JsApiError.STREAM_ROLLUP_FAILED.with("rollup value invalid: \"" + rollup + "\""));
                }
            }
        }
        int hdrLen = hdr == null ? 0 : hdr.length;
        if (c.maxMsgSize() >= 0 && hdrLen + p.payload().length > c.maxMsgSize()) {
            throw reject(JsApiError.STREAM_MESSAGE_EXCEEDS_MAXIMUM.error());
        }
        if (hdrLen > MAX_HEADER_BYTES) {
            throw reject(JsApiError.STREAM_HEADER_EXCEEDS_MAXIMUM.error());
        }
        int size = StoredMessage.size(p.subject().getBytes(StandardCharsets.UTF_8).length, hdr, p.payload());
        ApiError quota = stream.quota().checkAppend(c.storage(), size);
        if (quota != null) {
            throw reject(quota);
        }
        if (!rollupAll && !rollupSub) {
            checkDiscardNew(c, store, p.subject(), size);
        }
        long ttl = 0;
        if (hdr != null) {
            try {
                ttl = MessageTtl.of(hdr);
            } catch (MessageTtl.InvalidTtlException e) {
                throw reject(JsApiError.MESSAGE_TTL_INVALID.error());
            }
        }
        if (c.allowMsgTtl()) {
            long markerTtl = c.subjectDeleteMarkerTtlNanos() / 1_000_000_000L;
            if (ttl > 0 && markerTtl > 0 && c.maxMsgsPerSubject() != 1 && ttl < markerTtl) {
                ttl = markerTtl;
                hdr = MessageTtl.withTtl(hdr, ttl);
            }
        }
        long ts = Math.max(now, lastTimestamp);
        lastTimestamp = ts;
        boolean noInterest = c.retention() == RetentionPolicy.INTEREST
                && !stream.consumerInterest().hasInterest(p.subject());
        Republish rp = stream.republish();
        boolean republish = rp != null && rp.applies(p.subject());
        long lastForSubject = republish ? store.lastSequence(p.subject()) : 0;
        long seq = store.append(p.subject(), hdr, p.payload(), ts);
        if (republish) {
            rp.send(stream.publisher(), c.name(), p.subject(), hdr, p.payload(), seq, ts, lastForSubject);
        }
        if (ttl > 0 && c.allowMsgTtl()) {
            stream.expiry().stored(seq, ts, ttl);
        }
        lastMsgId = msgId;
        if (!msgId.isEmpty()) {
            dedup.record(msgId, seq, ts);
        }
        if (noInterest) {
            store.delete(seq, false);
        } else if (rollupAll) {
            store.compact(seq);
        } else if (rollupSub) {
            store.purge(p.subject(), seq, 0);
        }
        return ack(c.name(), seq, false);
    }

    /**
     * Stores a message from the mirror (at the origin's sequence, with the origin's time stamp, skipping what the
     * origin no longer has) or from a source (through the same checks as a publish, without an answer). Returns
     * {@code true} when the message is stored or was already there.
     */
    boolean processReplicated(ReplicatedMessage r) {
        StreamConfig c = stream.config();
        if (!r.mirrored()) {
            try {
                admitAndStore(c, new PendingPublish(r.subject(), null, r.headers(), r.payload()));
                return true;
            } catch (RejectedException e) {
                return false;
            }
        }
        StreamStore store = stream.store();
        StreamState st = store.state();
        if (r.originSeq() <= st.lastSeq()) {
            return true;
        }
        if (r.originSeq() > st.lastSeq() + 1) {
            skipTo(store, st, r.originSeq());
        }
        long ts = r.timestampNanos() > 0 ? r.timestampNanos() : Math.max(ApiTime.nowNanos(), lastTimestamp);
        lastTimestamp = Math.max(lastTimestamp, ts);
        Republish rp = stream.republish();
        boolean republish = rp != null && rp.applies(r.subject());
        long lastForSubject = republish ? store.lastSequence(r.subject()) : 0;
        long seq = store.append(r.subject(), r.headers(), r.payload(), ts);
        if (republish) {
            rp.send(stream.publisher(), c.name(), r.subject(), r.headers(), r.payload(), seq, ts, lastForSubject);
        }
        return true;
    }

    /** Makes {@code next} the next sequence: the origin removed what lies between (as {@code SkipMsgs}). */
    private static void skipTo(StreamStore store, StreamState st, long next) {
        if (st.msgs() == 0) {
            store.compact(next);
            return;
        }
        for (long s = st.lastSeq() + 1; s < next; s++) {
            long placeholder = store.append("_skip", null, new byte[0], ApiTime.nowNanos());
            store.delete(placeholder, false);
        }
    }

    private static void checkDiscardNew(StreamConfig c, StreamStore store, String subject, int size) {
        if (c.discard() != DiscardPolicy.NEW) {
            return;
        }
        StreamState st = store.state();
        if (c.maxMsgs() > 0 && st.msgs() >= c.maxMsgs()) {
            throw reject(JsApiError.STREAM_STORE_FAILED.with("maximum messages exceeded"));
        }
        if (c.maxBytes() > 0 && st.bytes() + size > c.maxBytes()) {
            throw reject(JsApiError.STREAM_STORE_FAILED.with("maximum bytes exceeded"));
        }
        if (c.discardNewPerSubject() && c.maxMsgsPerSubject() > 0 && store.count(subject) >= c.maxMsgsPerSubject()) {
            throw reject(JsApiError.STREAM_STORE_FAILED.with("maximum messages per subject exceeded"));
        }
    }

    /** Forgets all message ids (after a full purge the server keeps them; we keep them too: no-op hook). */
    void clearDedup() {
        dedup.clear();
    }

    private static long parseSeq(String text) {
        try {
            return Long.parseUnsignedLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code {"stream":"<name>","seq":}, rendered once per stream name: PubAcks are built without a JSON writer. */
    private byte[] ackPrefix;

    private String ackPrefixName;

    private byte[] ack(String streamName, long seq, boolean duplicate) {
        if (!streamName.equals(ackPrefixName)) {
            ackPrefix = ("{\"stream\":"
                            + ApiJson.string(
                                    tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(streamName))
                            + ",\"seq\":")
                    .getBytes(StandardCharsets.UTF_8);
            ackPrefixName = streamName;
        }
        String tail = duplicate ? seq + ",\"duplicate\":true}" : seq + "}";
        byte[] out = new byte[ackPrefix.length + tail.length()];
        System.arraycopy(ackPrefix, 0, out, 0, ackPrefix.length);
        for (int i = 0; i < tail.length(); i++) {
            out[ackPrefix.length + i] = (byte) tail.charAt(i);
        }
        return out;
    }

    static byte[] errorAck(String stream, ApiError error) {
        ObjectNode o = ApiJson.object();
        ApiJson.putError(o, error);
        o.put("stream", stream);
        o.put("seq", 0);
        return ApiJson.bytes(o);
    }

    private static RejectedException reject(ApiError error) {
        return new RejectedException(error);
    }

    /** A message refused before it reached the store. */
    private static final class RejectedException extends RuntimeException {
        private final transient ApiError error;

        RejectedException(ApiError error) {
            super(error.description(), null, false, false);
            this.error = error;
        }
    }
}
