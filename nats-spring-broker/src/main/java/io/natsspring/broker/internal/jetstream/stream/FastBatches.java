package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fast batch publish (ADR-50 "fast ingest", {@code allow_batched}, API level 4) on one stream, as
 * {@code nats-server} 2.14+ does it on a single server. The batch travels in the reply subject
 * {@code <prefix>.<id>.<flow>.<ok|fail>.<seq>.<op>.$FI} (op 0 start, 1 append, 2 commit, 3 commit without storing,
 * 4 ping). Messages are not staged: each is checked like a plain publish and stored at once. The answers go to the
 * message's reply subject: an {@code {"type":"ack","seq":0,"msgs":n}} to the first message (the flow granted), then
 * one {@code "ack"} each time {@code msgs} more messages are stored (the flow doubles towards the client's maximum, at
 * most 500 shared by the stream's fast publishers, and halves when more publishers join), {@code "gap"} when a
 * sequence is missing (the batch then ends in {@code fail} mode), {@code "err"} when a message fails a check, and the
 * PubAck with {@code "batch"} and {@code "count"} at the end. A batch idle for {@value #TIMEOUT_SECONDS} s is dropped
 * silently. Limits: {@value #MAX_INFLIGHT_PER_STREAM} batches per stream, {@value #MAX_INFLIGHT_TOTAL} in the process.
 * Writer thread only; answers leave through {@link Replies} in order, after the writer's flush.
 */
final class FastBatches {

    static final String SUFFIX = ".$FI";
    static final int MAX_INFLIGHT_PER_STREAM = 1000;
    static final int MAX_INFLIGHT_TOTAL = 50_000;
    static final long TIMEOUT_SECONDS = 10;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    private static final int MAX_ID_BYTES = 64;
    private static final int MAX_FLOW = 500;
    private static final int OP_START = 0;
    private static final int OP_APPEND = 1;
    private static final int OP_COMMIT = 2;
    private static final int OP_COMMIT_EOB = 3;
    private static final int OP_PING = 4;
    private static final AtomicInteger INFLIGHT_TOTAL = new AtomicInteger();

    /** Where the answers go (the writer sends them after its flush, in the order given). */
    @FunctionalInterface
    interface Replies {
        void send(String reply, byte[] payload);
    }

    /**
     * The batch fields of a fast-batch reply subject.
     *
     * @param seq  the batch sequence (unsigned)
     * @param flow the client's maximum flow (acks every {@code flow} messages), 1–65535
     */
    record Op(String id, long seq, int flow, boolean gapOk, int op) {
        boolean ping() {
            return op == OP_PING;
        }

        boolean eob() {
            return op == OP_COMMIT_EOB;
        }

        boolean commit() {
            return op == OP_COMMIT || op == OP_COMMIT_EOB;
        }
    }

    /** A reply subject that ends in {@code .$FI} but does not follow the pattern. */
    static final Op INVALID = new Op("", 0, 0, false, -1);

    private static final class Batch {
        final int maxAckMessages;
        final boolean gapOk;
        /** Highest batch sequence received. */
        long lseq;
        /** Last stored stream sequence. */
        long sseq;
        /** Last persisted batch sequence (at most {@code lseq}). */
        long pseq;
        /** Batch sequence of the last flow message (at most {@code pseq}). */
        long fseq;
        /** Messages handed to the store and not yet registered. */
        int pending;
        /** An ack goes out every {@code ackMessages} messages. */
        int ackMessages;

        boolean commit;
        long lastActiveNanos;

        Batch(boolean gapOk, int maxAckMessages, long now) {
            this.gapOk = gapOk;
            this.maxAckMessages = maxAckMessages;
            this.lastActiveNanos = now;
        }
    }

    private final PublishProcessor processor;
    private final Map<String, Batch> batches = new HashMap<>();
    private Replies replies = (reply, payload) -> {};
    private long lastSweepNanos = System.nanoTime();

    FastBatches(PublishProcessor processor) {
        this.processor = processor;
    }

    /** Sets where the answers go (the stream's writer). */
    void replies(Replies sink) {
        this.replies = sink;
    }

    /**
     * The batch fields of {@code reply}: {@code null} when it does not end in {@code .$FI} (not a fast-batch
     * message), {@link #INVALID} when it does but breaks the pattern ({@code nats-server}'s {@code getFastBatch}).
     */
    static Op parse(String reply) {
        int len = reply.length();
        if (len <= SUFFIX.length() || !reply.endsWith(SUFFIX)) {
            return null;
        }
        int n = len - SUFFIX.length();
        int o = reply.lastIndexOf('.', n - 1);
        if (o < 0) {
            return INVALID;
        }
        long op = parseInt64(reply, o + 1, n);
        if (op < OP_START || op > OP_PING) {
            return INVALID;
        }
        int p = o;
        o = reply.lastIndexOf('.', o - 1);
        if (o < 0) {
            return INVALID;
        }
        long seq = parseUint64(reply, o + 1, p);
        if (seq == 0 || seq == -1L) {
            return INVALID; // not a number, zero, overflow or the largest uint64 (it would overflow on the next)
        }
        p = o;
        if (seq == 1 && op == OP_COMMIT_EOB) {
            return INVALID;
        }
        if ((op == OP_START && seq != 1) || (op == OP_APPEND && Long.compareUnsigned(seq, 1) <= 0)) {
            return INVALID;
        }
        o = reply.lastIndexOf('.', o - 1);
        if (o < 0) {
            return INVALID;
        }
        String gap = reply.substring(o + 1, p);
        if (!gap.equals("ok") && !gap.equals("fail")) {
            return INVALID;
        }
        p = o;
        o = reply.lastIndexOf('.', o - 1);
        if (o < 0) {
            return INVALID;
        }
        long flow = parseInt64(reply, o + 1, p);
        if (flow <= 0) {
            flow = 10;
        } else if (flow > 65535) {
            flow = 65535;
        }
        p = o;
        o = reply.lastIndexOf('.', o - 1);
        if (o < 0) {
            return INVALID;
        }
        return new Op(reply.substring(o + 1, p), seq, (int) flow, gap.equals("ok"), (int) op);
    }

    /** Handles one message whose reply subject ends in {@code .$FI} ({@code processJetStreamFastBatchMsg}). */
    void process(StreamConfig c, PendingPublish p, Op op) {
        String reply = p.reply();
        boolean canRespond = !c.noAck();
        byte[] hdr = p.headers();
        int hdrLen = hdr == null ? 0 : hdr.length;
        if (c.sealed()) {
            error(canRespond, c, reply, JsApiError.STREAM_SEALED.error());
            return;
        }
        ApiError quota = processor.quotaError(c, p);
        if (quota != null) {
            error(canRespond, c, reply, quota);
            return;
        }
        if (c.maxMsgSize() >= 0 && (hdrLen > c.maxMsgSize() || p.payload().length > c.maxMsgSize() - hdrLen)) {
            error(canRespond, c, reply, JsApiError.STREAM_MESSAGE_EXCEEDS_MAXIMUM.error());
            return;
        }
        if (!c.allowBatched()) {
            error(canRespond, c, reply, JsApiError.BATCH_PUBLISH_DISABLED.error());
            return;
        }
        if (op == INVALID) {
            error(canRespond, c, reply, JsApiError.BATCH_PUBLISH_INVALID_PATTERN.error());
            return;
        }
        if (op.id().getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            error(canRespond, c, reply, JsApiError.BATCH_PUBLISH_INVALID_BATCH_ID.error());
            return;
        }
        long now = System.nanoTime();
        Batch b = find(op.id(), now);
        if (b == null) {
            if (op.seq() != 1 || op.ping()) { // 2.15.1: a ping never starts a batch
                error(canRespond, c, reply, JsApiError.BATCH_PUBLISH_UNKNOWN_BATCH_ID.error());
                return;
            }
            if (batches.size() + 1 > MAX_INFLIGHT_PER_STREAM) {
                sweep(now);
            }
            if (batches.size() + 1 > MAX_INFLIGHT_PER_STREAM) {
                error(canRespond, c, reply, JsApiError.BATCH_PUBLISH_TOO_MANY_INFLIGHT.error());
                return;
            }
            if (INFLIGHT_TOTAL.incrementAndGet() > MAX_INFLIGHT_TOTAL) {
                INFLIGHT_TOTAL.decrementAndGet();
                error(canRespond, c, reply, JsApiError.BATCH_PUBLISH_TOO_MANY_INFLIGHT.error());
                return;
            }
            b = new Batch(op.gapOk(), op.flow(), now);
            batches.put(op.id(), b);
            b.ackMessages = batches.size() > 1 ? 1 : Math.min(MAX_FLOW, b.maxAckMessages);
        }
        String required = hdr == null ? null : NatsHeaders.get(hdr, ApiLevel.REQUIRED_HEADER);
        if (required != null && !required.isEmpty()) {
            if (ApiLevel.refuses(required)) {
                remove(op.id());
                error(canRespond, c, reply, JsApiError.REQUIRED_API_LEVEL.error());
                return;
            }
            hdr = HeaderEdits.remove(hdr, ApiLevel.REQUIRED_HEADER);
        }
        b.lastActiveNanos = now;
        if (op.ping()) {
            ping(c, b, op, reply);
            return;
        }
        if (b.commit) {
            return; // ending after an error: the PubAck follows once the stored messages are registered
        }
        b.lseq++;
        if (b.lseq != op.seq()) {
            // 2.15.1 reports a repeated or older sequence as a gap too (then the batch ends)
            replies.send(reply, gap(b.lseq, op.seq()));
            if (b.gapOk && Long.compareUnsigned(op.seq(), b.lseq) > 0) {
                b.lseq = op.seq();
            } else {
                b.lseq--;
                commit(c, b, op.id(), reply);
                return;
            }
        }
        if (op.commit()) {
            if (op.eob()) {
                b.lseq--;
                if (b.pending == 0) {
                    b.pseq = b.lseq;
                }
            }
            commit(c, b, op.id(), reply);
            if (op.eob()) {
                return;
            }
        }
        if (op.seq() == 1 && canRespond && !op.commit()) {
            replies.send(reply, flowAck(0, b.ackMessages));
        }
        PublishProcessor.Checked m;
        try {
            m = processor.checkFastBatchMessage(c, new PendingPublish(p.subject(), null, hdr, p.payload()));
        } catch (PublishProcessor.RejectedException e) {
            refused(c, b, op, reply, e);
            return;
        }
        b.pending++;
        try {
            processor.storeChecked(c, m);
        } catch (PublishProcessor.RejectedException e) {
            error(canRespond, c, reply, e.error); // as nats-server: answered directly, the batch still counts it
            return;
        }
        stored(c, b, op, reply, processor.lastSequence(), canRespond);
    }

    /** A message failed its checks: reported, then the batch goes on ({@code ok}) or ends ({@code fail}). */
    private void refused(StreamConfig c, Batch b, Op op, String reply, PublishProcessor.RejectedException e) {
        boolean duplicate = e.duplicateOf > 0;
        if (duplicate) {
            if (b.pending == 0) {
                b.pseq = op.seq();
                checkFlowControl(b, reply);
            }
            if (!op.commit()) {
                return;
            }
        }
        if (!b.gapOk && b.lseq == 1) {
            byte[] answer = duplicate
                    ? processor.ack(
                            c.name(),
                            e.duplicateOf,
                            ",\"duplicate\": true,\"batch\":" + PublishProcessor.quote(op.id()) + ",\"count\":"
                                    + Long.toUnsignedString(op.seq()) + "}")
                    : PublishProcessor.errorAck(c.name(), e.error);
            remove(op.id());
            replies.send(reply, answer);
            return;
        }
        if (!duplicate) {
            replies.send(reply, flowError(op.seq(), e.error));
        }
        if (b.gapOk && !op.commit()) {
            return;
        }
        if (!duplicate) {
            b.lseq--;
            if (b.pending == 0) {
                b.pseq = b.lseq;
            }
        }
        commit(c, b, op.id(), reply);
    }

    /** A message was stored ({@code fastBatchRegisterSequences}): the PubAck if the batch ends, else flow control. */
    private void stored(StreamConfig c, Batch b, Op op, String reply, long streamSeq, boolean canRespond) {
        if (b.pending > 0) {
            b.pending--;
        }
        b.sseq = streamSeq;
        boolean caughtUp = b.pending == 0;
        b.pseq = caughtUp ? b.lseq : op.seq();
        if (b.lseq == b.pseq && b.commit) {
            remove(op.id());
            if (caughtUp) {
                replies.send(reply, pubAck(c, b.sseq, op.id(), b.lseq));
            } else if (canRespond) {
                replies.send(reply, pubAck(c, streamSeq, op.id(), op.seq()));
            }
            return;
        }
        checkFlowControl(b, reply);
    }

    private void ping(StreamConfig c, Batch b, Op op, String reply) {
        boolean sendFlow = true;
        if (Long.compareUnsigned(op.seq(), b.lseq) > 0) {
            replies.send(reply, gap(b.lseq + 1, op.seq() + 1));
            if (b.gapOk) {
                b.lseq = op.seq();
                if (b.pending == 0) {
                    b.pseq = b.lseq;
                }
                sendFlow = !checkFlowControl(b, reply);
            } else if (commit(c, b, op.id(), reply)) {
                sendFlow = false;
            }
        }
        if (sendFlow) {
            replies.send(reply, flowAck(b.fseq, b.ackMessages));
        }
    }

    /** Ends the batch: the PubAck now if every message is stored, else once the last one is. */
    private boolean commit(StreamConfig c, Batch b, String id, String reply) {
        b.commit = true;
        if (b.lseq == b.pseq) {
            remove(id);
            replies.send(reply, pubAck(c, b.sseq, id, b.lseq));
            return true;
        }
        return false;
    }

    /** Sends a flow message when {@code ackMessages} more are stored, adjusting the flow to the publishers' share. */
    private boolean checkFlowControl(Batch b, String reply) {
        long am = b.ackMessages;
        if (Long.compareUnsigned(b.pseq, b.fseq + am) < 0) {
            return false;
        }
        long steps = Long.divideUnsigned(b.pseq - b.fseq, am);
        b.fseq += steps * am;
        int max = Math.max(1, MAX_FLOW / Math.max(1, batches.size()));
        max = Math.min(max, b.maxAckMessages);
        if (b.ackMessages < max) {
            b.ackMessages = Math.min(b.ackMessages * 2, max);
        } else if (b.ackMessages > max) {
            b.ackMessages = Math.max(b.ackMessages / 2, max);
        }
        replies.send(reply, flowAck(b.fseq, b.ackMessages));
        return true;
    }

    /** The batch, or {@code null} when unknown or idle past the timeout (then dropped, as its timer would). */
    private Batch find(String id, long now) {
        if (now - lastSweepNanos > TimeUnit.SECONDS.toNanos(1)) {
            sweep(now);
        }
        Batch b = batches.get(id);
        if (b != null && expired(b, now)) {
            remove(id);
            return null;
        }
        return b;
    }

    private static boolean expired(Batch b, long now) {
        // a batch ending after an error waits for its last stored message and has no timer any more
        return !b.commit && now - b.lastActiveNanos > TIMEOUT_NANOS;
    }

    private void sweep(long now) {
        lastSweepNanos = now;
        Iterator<Batch> it = batches.values().iterator();
        while (it.hasNext()) {
            if (expired(it.next(), now)) {
                it.remove();
                INFLIGHT_TOTAL.decrementAndGet();
            }
        }
    }

    private void remove(String id) {
        if (batches.remove(id) != null) {
            INFLIGHT_TOTAL.decrementAndGet();
        }
    }

    /** Drops every batch (fast batch publish turned off, or the stream stops). */
    void clear() {
        INFLIGHT_TOTAL.addAndGet(-batches.size());
        batches.clear();
    }

    /** How many batches are in flight. */
    int inflight() {
        return batches.size();
    }

    private void error(boolean canRespond, StreamConfig c, String reply, ApiError e) {
        if (canRespond) {
            replies.send(reply, PublishProcessor.errorAck(c.name(), e));
        }
    }

    private byte[] pubAck(StreamConfig c, long seq, String id, long count) {
        return processor.ack(
                c.name(),
                seq,
                ",\"batch\":" + PublishProcessor.quote(id) + ",\"count\":" + Long.toUnsignedString(count) + "}");
    }

    static byte[] flowAck(long seq, int msgs) {
        return ("{\"type\":\"ack\",\"seq\":" + Long.toUnsignedString(seq) + ",\"msgs\":" + msgs + "}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] gap(long lastSeq, long seq) {
        return ("{\"type\":\"gap\",\"last_seq\":" + Long.toUnsignedString(lastSeq) + ",\"seq\":"
                        + Long.toUnsignedString(seq) + "}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] flowError(long seq, ApiError e) {
        ObjectNode o = ApiJson.object();
        o.put("type", "err");
        o.put("seq", seq);
        ApiJson.putError(o, e);
        return ApiJson.bytes(o);
    }

    /** Go's {@code parseInt64}: ASCII digits only, -1 when empty or not a number (overflow wraps, as in Go). */
    private static long parseInt64(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            n = n * 10 + (ch - '0');
        }
        return n;
    }

    /** Go's {@code parseUint64} as an unsigned long; 0 when empty, not a number or overflowing. */
    private static long parseUint64(String s, int from, int to) {
        if (from >= to) {
            return 0;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return 0;
            }
            int digit = ch - '0';
            if (Long.compareUnsigned(n, Long.divideUnsigned(-1L, 10)) > 0
                    || (n == Long.divideUnsigned(-1L, 10) && digit > Long.remainderUnsigned(-1L, 10))) {
                return 0;
            }
            n = n * 10 + digit;
        }
        return n;
    }
}
