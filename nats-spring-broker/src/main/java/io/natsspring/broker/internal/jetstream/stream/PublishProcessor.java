package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.routing.Subjects;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamState;
import io.natsspring.broker.internal.store.StreamStore;
import io.natsspring.broker.internal.text.Utf8;
import java.math.BigInteger;
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
    private final AtomicBatches batches;
    private final FastBatches fastBatches;
    private String lastMsgId;
    private long lastTimestamp;

    PublishProcessor(Stream stream) {
        this.stream = stream;
        this.dedup = new DedupWindow(stream.config().duplicateWindowNanos());
        this.batches = new AtomicBatches(this);
        this.fastBatches = new FastBatches(this);
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
        StreamTrace trace = p.trace();
        if (trace == null) {
            return processUntraced(p);
        }
        try {
            return processUntraced(p);
        } catch (RuntimeException e) {
            trace.failed(String.valueOf(e.getMessage()));
            throw e;
        } finally {
            trace.finish();
        }
    }

    private byte[] processUntraced(PendingPublish p) {
        StreamConfig c = stream.config();
        String name = c.name();
        boolean answer = p.reply() != null && !c.noAck();
        ApiError error = null;
        try {
            FastBatches.Op fast = p.reply() == null ? null : FastBatches.parse(p.reply());
            if (p.headers() != null) {
                if (fast == null) {
                    // through a service import: the publisher's reply is in Nats-Request-Info (nats-server)
                    String original = ImportedRequestInfo.originalReply(p.reply(), p.headers());
                    fast = original == null ? null : FastBatches.parse(original);
                }
                byte[] stripped = ImportedRequestInfo.strip(p.headers());
                if (stripped != p.headers()) {
                    p = new PendingPublish(p.subject(), p.reply(), stripped, p.payload());
                }
            }
            if (fast != null) {
                fastBatches.process(c, p, fast);
                return null;
            }
            if (p.headers() != null && NatsHeaders.get(p.headers(), AtomicBatches.BATCH_ID) != null) {
                byte[] ack = batches.process(c, p);
                return answer ? ack : null;
            }
            byte[] ack = admitAndStore(c, p, false, false);
            return answer ? ack : null;
        } catch (RejectedException e) {
            error = e.error;
            if (p.trace() != null) {
                p.trace().failed(e.traceText);
            }
        }
        return answer ? errorAck(name, error) : null;
    }

    /**
     * Stores a message a schedule produced, as {@code nats-server} does: like a sourced message (the schedule was
     * validated when it was published). Returns whether it was stored.
     */
    boolean processScheduled(PendingPublish p) {
        try {
            admitAndStore(stream.config(), p, true, false);
            return true;
        } catch (RejectedException e) {
            return false;
        }
    }

    /** The stream's last sequence (after a batch was stored). */
    long lastSequence() {
        return stream.store().state().lastSeq();
    }

    /** The batches being staged (writer thread). */
    AtomicBatches batches() {
        return batches;
    }

    /** The fast batches in flight (writer thread). */
    FastBatches fastBatches() {
        return fastBatches;
    }

    /** A message as it will be stored once checked: headers and body possibly rewritten (counters, schedules). */
    record Checked(String subject, byte[] headers, byte[] payload) {}

    /**
     * The consistency checks of one message of an atomic batch at commit ({@code nats-server}'s
     * {@code checkMsgHeadersPreClusteredProposal}), against the store plus what the batch staged before it.
     */
    Checked checkBatchMessage(StreamConfig c, PendingPublish p, AtomicBatches.Staging diff) {
        byte[] hdr = p.headers();
        byte[] payload = p.payload();
        String subject = p.subject();
        StreamStore store = stream.store();
        if (hdr != null && hdr.length > MAX_HEADER_BYTES) {
            throw reject(JsApiError.STREAM_HEADER_EXCEEDS_MAXIMUM.error());
        }
        BigInteger incr = null;
        if (hdr != null) {
            incr = checkIncrement(c, hdr, payload, false);
            String expectedStream = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_STREAM);
            if (expectedStream != null && !expectedStream.isEmpty() && !expectedStream.equals(c.name())) {
                throw reject(JsApiError.STREAM_NOT_MATCH.error());
            }
            checkTtl(c, hdr);
            String id = NatsHeaders.get(hdr, NatsHeaders.MSG_ID);
            if (id != null && !id.isEmpty()) {
                if (!diff.msgIds.add(id)) {
                    throw reject(JsApiError.ATOMIC_PUBLISH_DUPLICATE_MESSAGE.error());
                }
                long duplicateOf = dedup.sequenceOf(id, ApiTime.nowNanos());
                if (duplicateOf > 0) {
                    throw new RejectedException(JsApiError.ATOMIC_PUBLISH_DUPLICATE_MESSAGE.error(), duplicateOf);
                }
            }
            if (NatsHeaders.get(hdr, MessageCounter.STREAM_SOURCE) != null) {
                throw reject(JsApiError.MESSAGE_SOURCE_HEADER_NOT_ALLOWED.error());
            }
        }
        if (incr == null && c.allowMsgCounter()) {
            throw reject(JsApiError.MESSAGE_INCR_MISSING.error());
        }
        if (incr != null && c.allowMsgCounter()) {
            StoredMessage last =
                    diff.counters.containsKey(subject) ? diff.counters.get(subject) : store.loadLast(subject);
            try {
                MessageCounter.Applied a = MessageCounter.apply(last, subject, hdr, payload, incr);
                hdr = a.headers();
                payload = a.payload();
                diff.counters.put(subject, new StoredMessage(0, subject, hdr, payload, 0));
            } catch (MessageCounter.CounterException e) {
                throw reject(JsApiError.MESSAGE_COUNTER_BROKEN.error());
            }
        }
        if (hdr != null) {
            String lastSeq = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_LAST_SEQ);
            if (lastSeq != null) {
                long expected = parseSeq(lastSeq);
                long actual = store.state().lastSeq() + diff.staged;
                if (expected != actual) {
                    throw reject(JsApiError.STREAM_WRONG_LAST_SEQUENCE.with(actual));
                }
                if (!diff.subjects.isEmpty()) {
                    throw reject(JsApiError.STREAM_WRONG_LAST_SEQUENCE_CONSTANT.error());
                }
            }
            String perSubject = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_LAST_SUBJECT_SEQ);
            if (perSubject != null) {
                long expected = parseSeq(perSubject);
                if (diff.subjects.contains(subject)) {
                    throw reject(JsApiError.STREAM_WRONG_LAST_SEQUENCE_CONSTANT.error());
                }
                Long seen = diff.expectedPerSubject.get(subject);
                long actual = seen != null ? seen : store.lastSequence(subject);
                if (expected != actual) {
                    throw reject(JsApiError.STREAM_WRONG_LAST_SEQUENCE.with(actual));
                }
                diff.expectedPerSubject.put(subject, actual);
            }
            hdr = checkSchedule(c, subject, hdr, false);
        }
        diff.subjects.add(subject);
        diff.staged++;
        return new Checked(subject, hdr, payload);
    }

    /**
     * The checks of one fast-batch message before it is stored: {@code nats-server}'s
     * {@code checkMsgHeadersPreClusteredProposal} with an empty batch diff (the message's own checks, roll-up
     * permission, discard-new limits). A duplicate's rejection names the stored copy.
     */
    Checked checkFastBatchMessage(StreamConfig c, PendingPublish p) {
        Checked m = checkBatchMessage(c, p, new AtomicBatches.Staging());
        String rollup = m.headers() == null ? null : NatsHeaders.get(m.headers(), NatsHeaders.ROLLUP);
        if (rollup != null && !rollup.isEmpty()) {
            if (!c.allowRollup() || c.denyPurge()) {
                throw reject(JsApiError.STREAM_ROLLUP_FAILED.with("rollup not permitted"));
            }
            if (!rollup.equals("sub") && !rollup.equals("all")) {
                throw reject(JsApiError.STREAM_ROLLUP_FAILED.with("rollup value invalid: \"" + rollup + "\""));
            }
        } else {
            int size = StoredMessage.size(Utf8.encodedLength(m.subject()), m.headers(), m.payload());
            checkDiscardNew(c, stream.store(), m.subject(), size);
        }
        return m;
    }

    /** The account's storage limit error a message would hit, or {@code null} (checked before a fast batch's). */
    ApiError quotaError(StreamConfig c, PendingPublish p) {
        int size = StoredMessage.size(Utf8.encodedLength(p.subject()), p.headers(), p.payload());
        return stream.quota().checkAppend(c.storage(), size);
    }

    /** Stores a message of a batch that passed {@link #checkBatchMessage}; returns its PubAck. */
    byte[] storeChecked(StreamConfig c, Checked m) {
        return admitAndStore(c, new PendingPublish(m.subject(), null, m.headers(), m.payload()), false, true);
    }

    /** {@code Nats-Incr}: the increment, or {@code null} when absent; throws for an invalid or misplaced one. */
    private static BigInteger checkIncrement(StreamConfig c, byte[] hdr, byte[] payload, boolean sourced) {
        String text = NatsHeaders.get(hdr, MessageCounter.INCR);
        if (text == null || text.isEmpty()) {
            return null;
        }
        BigInteger incr = MessageCounter.parse(text);
        if (incr == null) {
            throw reject(JsApiError.MESSAGE_INCR_INVALID.error());
        }
        if (sourced) {
            return incr;
        }
        if (!c.allowMsgCounter()) {
            throw reject(JsApiError.MESSAGE_INCR_DISABLED.error());
        }
        if (payload.length > 0) {
            throw reject(JsApiError.MESSAGE_INCR_PAYLOAD.error());
        }
        if (nonEmpty(hdr, NatsHeaders.ROLLUP)
                || nonEmpty(hdr, NatsHeaders.EXPECTED_STREAM)
                || nonEmpty(hdr, NatsHeaders.EXPECTED_LAST_MSG_ID)
                || nonEmpty(hdr, EXPECTED_LAST_SUBJECT_SEQ_SUBJECT)
                || NatsHeaders.get(hdr, NatsHeaders.EXPECTED_LAST_SEQ) != null
                || NatsHeaders.get(hdr, NatsHeaders.EXPECTED_LAST_SUBJECT_SEQ) != null) {
            throw reject(JsApiError.MESSAGE_INCR_INVALID.error());
        }
        return incr;
    }

    private static final String EXPECTED_LAST_SUBJECT_SEQ_SUBJECT = "Nats-Expected-Last-Subject-Sequence-Subject";

    private static boolean nonEmpty(byte[] hdr, String key) {
        String v = NatsHeaders.get(hdr, key);
        return v != null && !v.isEmpty();
    }

    private static void checkTtl(StreamConfig c, byte[] hdr) {
        long ttl;
        try {
            ttl = MessageTtl.of(hdr);
        } catch (MessageTtl.InvalidTtlException e) {
            throw reject(
                    c.allowMsgTtl() ? JsApiError.MESSAGE_TTL_INVALID.error() : JsApiError.MESSAGE_TTL_DISABLED.error());
        }
        if (!c.allowMsgTtl() && ttl != 0) {
            throw reject(JsApiError.MESSAGE_TTL_DISABLED.error(), TTL_DISABLED_TEXT);
        }
    }

    /**
     * The schedule headers ({@code Nats-Schedule*}, {@code Nats-Scheduler}, {@code Nats-Schedule-Next}) checked as
     * {@code nats-server} does; returns the headers to store (a schedule gets {@code Nats-Rollup: sub}).
     */
    private byte[] checkSchedule(StreamConfig c, String subject, byte[] hdr, boolean sourced) {
        if (sourced) {
            return hdr;
        }
        MessageSchedule.Next next;
        try {
            next = MessageSchedule.next(hdr, ApiTime.nowNanos(), ApiTime.nowNanos());
        } catch (MessageSchedule.InvalidScheduleException e) {
            throw reject(c.allowMsgSchedules() ? e.error : JsApiError.MESSAGE_SCHEDULES_DISABLED.error());
        }
        if (next != null) {
            if (!c.allowMsgSchedules()) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_DISABLED.error());
            }
            String ttl = NatsHeaders.get(hdr, MessageSchedule.TTL);
            if (ttl != null && !ttl.isEmpty()) {
                try {
                    MessageTtl.parse(ttl);
                } catch (MessageTtl.InvalidTtlException e) {
                    throw reject(JsApiError.MESSAGE_SCHEDULES_TTL_INVALID.error());
                }
            }
            String rollup = NatsHeaders.get(hdr, MessageSchedule.ROLLUP);
            if (rollup != null && !rollup.isEmpty() && !rollup.equals("sub")) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_ROLLUP_INVALID.error());
            }
            if (ttl != null && !ttl.isEmpty() && !c.allowMsgTtl()) {
                throw reject(JsApiError.MESSAGE_TTL_DISABLED.error(), TTL_DISABLED_TEXT);
            }
            String target = NatsHeaders.get(hdr, MessageSchedule.TARGET);
            if (target == null
                    || target.isEmpty()
                    || !Subjects.isValidPublishSubject(target)
                    || target.equals(subject)) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_TARGET_INVALID.error());
            }
            String source = NatsHeaders.get(hdr, MessageSchedule.SOURCE);
            boolean hasSource = source != null && !source.isEmpty();
            if (hasSource
                    && (source.equals(target) || source.equals(subject) || !Subjects.isValidPublishSubject(source))) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_SOURCE_INVALID.error());
            }
            if (c.subjects().stream().noneMatch(s -> Subjects.overlaps(s, target))) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_TARGET_INVALID.error());
            }
            if (hasSource && c.subjects().stream().noneMatch(s -> Subjects.overlaps(s, source))) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_SOURCE_INVALID.error());
            }
            String rollupHdr = NatsHeaders.get(hdr, NatsHeaders.ROLLUP);
            if (rollupHdr == null || rollupHdr.isEmpty()) {
                hdr = NatsHeaders.append(hdr, NatsHeaders.ROLLUP, "sub");
            } else if (!rollupHdr.equals("sub")) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_ROLLUP_INVALID.error());
            }
        }
        String scheduleNext = NatsHeaders.get(hdr, MessageSchedule.NEXT);
        String scheduler = NatsHeaders.get(hdr, MessageSchedule.SCHEDULER);
        if (scheduleNext != null && !scheduleNext.isEmpty()) {
            if (!scheduleNext.equals(MessageSchedule.NEXT_PURGE)) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_SCHEDULER_INVALID.error());
            }
            if (scheduler == null
                    || scheduler.isEmpty()
                    || scheduler.equals(subject)
                    || !Subjects.isValidPublishSubject(scheduler)) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_SCHEDULER_INVALID.error());
            }
            if (!c.allowMsgSchedules()) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_DISABLED.error());
            }
            StoredMessage sm = stream.store().loadLast(scheduler);
            if (sm != null && NatsHeaders.get(sm.headers(), MessageSchedule.PATTERN) == null) {
                throw reject(JsApiError.MESSAGE_SCHEDULES_SCHEDULER_INVALID.error());
            }
        } else if (scheduler != null && !scheduler.isEmpty()) {
            throw reject(JsApiError.MESSAGE_SCHEDULES_SCHEDULER_INVALID.error());
        }
        return hdr;
    }

    /**
     * Checks and stores one message. {@code sourced}: it comes from a source (stored as the origin validated it);
     * {@code checked}: a batch message already checked at commit (consistency checks are skipped).
     */
    private byte[] admitAndStore(StreamConfig c, PendingPublish p, boolean sourced, boolean checked) {
        StreamStore store = stream.store();
        byte[] hdr = p.headers();
        byte[] payload = p.payload();
        if (c.sealed() && !checked) {
            throw reject(JsApiError.STREAM_SEALED.error());
        }
        String msgId = "";
        boolean rollupSub = false;
        boolean rollupAll = false;
        BigInteger incr = null;
        long now = ApiTime.nowNanos();
        if (hdr != null && hdr.length > 0) {
            if (!checked) {
                incr = checkIncrement(c, hdr, payload, sourced);
                String expectedStream = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_STREAM);
                if (expectedStream != null && !expectedStream.isEmpty() && !expectedStream.equals(c.name())) {
                    throw reject(JsApiError.STREAM_NOT_MATCH.error(), "expected stream does not match");
                }
                if (!sourced && !c.allowMsgTtl() && MessageTtl.ofStored(hdr) != 0) {
                    throw reject(JsApiError.MESSAGE_TTL_DISABLED.error(), TTL_DISABLED_TEXT);
                }
                String perSubject = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_LAST_SUBJECT_SEQ);
                if (perSubject != null) {
                    long expected = parseSeq(perSubject);
                    long actual = store.lastSequence(p.subject());
                    if (expected != actual) {
                        throw reject(
                                JsApiError.STREAM_WRONG_LAST_SEQUENCE.with(actual),
                                "last sequence by subject mismatch: " + Long.toUnsignedString(expected) + " vs "
                                        + actual);
                    }
                }
                String lastSeq = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_LAST_SEQ);
                if (lastSeq != null) {
                    long expected = parseSeq(lastSeq);
                    long actual = store.state().lastSeq();
                    if (expected != actual) {
                        throw reject(
                                JsApiError.STREAM_WRONG_LAST_SEQUENCE.with(actual),
                                "last sequence mismatch: " + Long.toUnsignedString(expected) + " vs " + actual);
                    }
                }
                hdr = checkSchedule(c, p.subject(), hdr, sourced);
                if (!sourced && NatsHeaders.get(hdr, MessageCounter.STREAM_SOURCE) != null) {
                    throw reject(JsApiError.MESSAGE_SOURCE_HEADER_NOT_ALLOWED.error());
                }
            }
            String id = NatsHeaders.get(hdr, NatsHeaders.MSG_ID);
            if (id != null && !id.isEmpty()) {
                msgId = id;
                long dupSeq = checked ? 0 : dedup.sequenceOf(id, now);
                if (dupSeq > 0) {
                    if (p.trace() != null) {
                        p.trace().failed("msgid is duplicate");
                    }
                    return ack(c.name(), dupSeq, true);
                }
            }
            String lastId = NatsHeaders.get(hdr, NatsHeaders.EXPECTED_LAST_MSG_ID);
            if (lastId != null && !lastId.isEmpty() && !lastId.equals(lastMsgId)) {
                throw reject(
                        JsApiError.STREAM_WRONG_LAST_MSG_ID.with(lastMsgId),
                        "last msgid mismatch: " + quote(lastId) + " vs " + quote(lastMsgId));
            }
            String rollup = NatsHeaders.get(hdr, NatsHeaders.ROLLUP);
            if (rollup != null && !rollup.isEmpty()) {
                if (!checked && !sourced && (!c.allowRollup() || c.denyPurge())) {
                    throw reject(JsApiError.STREAM_ROLLUP_FAILED.with("rollup not permitted"), "rollup not permitted");
                }
                switch (rollup) {
                    case "sub" -> rollupSub = true;
                    case "all" -> rollupAll = true;
                    default -> {
                        if (!checked) {
                            String text = "rollup value invalid: " + quote(rollup);
                            throw reject(JsApiError.STREAM_ROLLUP_FAILED.with(text), text);
                        }
                    }
                }
            }
        }
        if (!checked && incr == null && c.allowMsgCounter()) {
            throw reject(JsApiError.MESSAGE_INCR_MISSING.error());
        }
        String counterTotal = null;
        if (!checked && incr != null && c.allowMsgCounter()) {
            try {
                MessageCounter.Applied a =
                        MessageCounter.apply(store.loadLast(p.subject()), p.subject(), hdr, payload, incr);
                hdr = a.headers();
                payload = a.payload();
                counterTotal = a.total();
            } catch (MessageCounter.CounterException e) {
                throw reject(JsApiError.MESSAGE_COUNTER_BROKEN.error());
            }
        } else if (checked && c.allowMsgCounter()) {
            counterTotal = MessageCounter.value(payload);
        }
        int hdrLen = hdr == null ? 0 : hdr.length;
        if (!checked && c.maxMsgSize() >= 0 && hdrLen + payload.length > c.maxMsgSize()) {
            throw reject(JsApiError.STREAM_MESSAGE_EXCEEDS_MAXIMUM.error(), MAX_PAYLOAD_TEXT);
        }
        if (!checked && hdrLen > MAX_HEADER_BYTES) {
            throw reject(JsApiError.STREAM_HEADER_EXCEEDS_MAXIMUM.error(), MAX_PAYLOAD_TEXT);
        }
        boolean noInterest = c.retention() == RetentionPolicy.INTEREST
                && !stream.consumerInterest().hasInterest(p.subject());
        StreamTrace trace = p.trace();
        if (trace != null) {
            // as nats-server: the js event names the subject once the checks passed; a trace-only message ends here
            trace.checked(p.subject(), noInterest);
            if (trace.traceOnly()) {
                return null;
            }
        }
        int size = StoredMessage.size(Utf8.encodedLength(p.subject()), hdr, payload);
        ApiError quota = stream.quota().checkAppend(c.storage(), size);
        if (quota != null) {
            throw reject(quota);
        }
        long ttl = 0;
        if (hdr != null) {
            try {
                ttl = MessageTtl.of(hdr);
            } catch (MessageTtl.InvalidTtlException e) {
                throw reject(JsApiError.MESSAGE_TTL_INVALID.error());
            }
        }
        if (!rollupAll && !rollupSub) {
            checkDiscardNew(c, store, p.subject(), size);
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
        Republish rp = stream.republish();
        boolean republish = rp != null && rp.applies(p.subject());
        long lastForSubject = republish ? store.lastSequence(p.subject()) : 0;
        long seq = store.append(p.subject(), hdr, payload, ts);
        if (republish) {
            rp.send(stream.publisher(), c.name(), p.subject(), hdr, payload, seq, ts, lastForSubject);
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
        if (c.allowMsgSchedules()) {
            stream.schedules().stored(seq, p.subject(), hdr, ts);
            String next = NatsHeaders.get(hdr, MessageSchedule.NEXT);
            String scheduler = NatsHeaders.get(hdr, MessageSchedule.SCHEDULER);
            if (MessageSchedule.NEXT_PURGE.equals(next) && scheduler != null && !scheduler.isEmpty()) {
                store.purge(scheduler, 0, 0);
                stream.schedules().removed(scheduler);
            }
        }
        if (counterTotal != null) {
            return ack(c.name(), seq, ",\"val\":" + quote(counterTotal) + "}");
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
            // batching does not carry over to sourced copies (nats-server drops the Nats-Batch- headers)
            byte[] hdr = HeaderEdits.removePrefix(r.headers(), "Nats-Batch-");
            try {
                admitAndStore(c, new PendingPublish(r.subject(), null, hdr, r.payload()), true, false);
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
        byte[] hdr = HeaderEdits.removePrefix(r.headers(), "Nats-Batch-");
        long seq = store.append(r.subject(), hdr, r.payload(), ts);
        if (republish) {
            rp.send(stream.publisher(), c.name(), r.subject(), hdr, r.payload(), seq, ts, lastForSubject);
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
            throw reject(JsApiError.STREAM_STORE_FAILED.with("maximum messages exceeded"), "maximum messages exceeded");
        }
        if (c.maxBytes() > 0 && st.bytes() + size > c.maxBytes()) {
            throw reject(JsApiError.STREAM_STORE_FAILED.with("maximum bytes exceeded"), "maximum bytes exceeded");
        }
        if (c.discardNewPerSubject() && c.maxMsgsPerSubject() > 0 && store.count(subject) >= c.maxMsgsPerSubject()) {
            throw reject(
                    JsApiError.STREAM_STORE_FAILED.with("maximum messages per subject exceeded"),
                    "maximum messages per subject exceeded");
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

    private static final byte[] ACK_END = {'}'};
    private static final byte[] ACK_DUPLICATE_END = ",\"duplicate\": true}".getBytes(StandardCharsets.US_ASCII);

    private byte[] ack(String streamName, long seq, boolean duplicate) {
        return ack(streamName, seq, duplicate ? ACK_DUPLICATE_END : ACK_END);
    }

    /** A PubAck with {@code tail} after the sequence (e.g. {@code ,"batch":"b","count":3}}). */
    byte[] ack(String streamName, long seq, String tail) {
        return ack(streamName, seq, tail.getBytes(StandardCharsets.UTF_8));
    }

    /** The PubAck as one array: prefix, the sequence in decimal, {@code tail}; no intermediate strings. */
    private byte[] ack(String streamName, long seq, byte[] tail) {
        if (!streamName.equals(ackPrefixName)) {
            String domain = stream.domain();
            ackPrefix = ("{\"stream\":"
                            + ApiJson.string(
                                    tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(streamName))
                            + (domain == null ? "" : ",\"domain\":" + quote(domain))
                            + ",\"seq\":")
                    .getBytes(StandardCharsets.UTF_8);
            ackPrefixName = streamName;
        }
        if (seq < 0) {
            byte[] digits = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[ackPrefix.length + digits.length + tail.length];
            System.arraycopy(ackPrefix, 0, out, 0, ackPrefix.length);
            System.arraycopy(digits, 0, out, ackPrefix.length, digits.length);
            System.arraycopy(tail, 0, out, ackPrefix.length + digits.length, tail.length);
            return out;
        }
        int digits = 1;
        for (long v = seq; v >= 10; v /= 10) {
            digits++;
        }
        byte[] out = new byte[ackPrefix.length + digits + tail.length];
        System.arraycopy(ackPrefix, 0, out, 0, ackPrefix.length);
        long v = seq;
        for (int i = ackPrefix.length + digits - 1; i >= ackPrefix.length; i--) {
            out[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        System.arraycopy(tail, 0, out, ackPrefix.length + digits, tail.length);
        return out;
    }

    /** A JSON string literal. */
    static String quote(String text) {
        return ApiJson.string(tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(text));
    }

    static byte[] errorAck(String stream, ApiError error) {
        ObjectNode o = ApiJson.object();
        ApiJson.putError(o, error);
        o.put("stream", stream);
        o.put("seq", 0);
        return ApiJson.bytes(o);
    }

    static RejectedException reject(ApiError error) {
        return new RejectedException(error);
    }

    /** A refusal whose message-trace text ({@code nats-server}'s Go error) differs from the API error's form. */
    static RejectedException reject(ApiError error, String traceText) {
        return new RejectedException(error, 0, traceText);
    }

    private static final String TTL_DISABLED_TEXT = "message TTL disabled";
    private static final String MAX_PAYLOAD_TEXT = "maximum payload exceeded";

    /** A message refused before it reached the store. */
    static final class RejectedException extends RuntimeException {
        final transient ApiError error;
        /** For a duplicate {@code Nats-Msg-Id}: the sequence of the stored copy; 0 otherwise. */
        final long duplicateOf;
        /** The text of a trace's {@code js} event: the API error as Go prints it, unless a plain error is due. */
        final String traceText;

        RejectedException(ApiError error) {
            this(error, 0);
        }

        RejectedException(ApiError error, long duplicateOf) {
            this(error, duplicateOf, error.description() + " (" + error.errCode() + ")");
        }

        RejectedException(ApiError error, long duplicateOf, String traceText) {
            super(error.description(), null, false, false);
            this.error = error;
            this.duplicateOf = duplicateOf;
            this.traceText = traceText;
        }
    }
}
