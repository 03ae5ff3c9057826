package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Atomic batch publish (ADR-50, {@code allow_atomic}) on one stream, as {@code nats-server} does it: messages with
 * {@code Nats-Batch-Id} and {@code Nats-Batch-Sequence} 1, 2, … are staged (each answered with an empty
 * message); the one with {@code Nats-Batch-Commit: 1} (or {@code eob}, an end marker that is not stored) commits
 * the batch: every message is checked against the stream and what the batch staged before it, and only if all pass
 * they are stored, in one step of the stream's writer and flushed together, and the commit is answered with
 * {@code "batch"} and {@code "count"}. A gap, an unknown batch, an abandoned batch (no message for
 * {@value #TIMEOUT_SECONDS} s) or any failed check discards the whole batch. Limits as the server's defaults:
 * {@value #MAX_BATCH_SIZE} messages per batch, {@value #MAX_INFLIGHT_PER_STREAM} batches per stream,
 * {@value #MAX_INFLIGHT_TOTAL} in the process; staged bytes are bounded per stream ({@value #MAX_STAGED_BYTES}).
 * Writer thread only.
 */
final class AtomicBatches {

    static final String BATCH_ID = "Nats-Batch-Id";
    static final String BATCH_SEQ = "Nats-Batch-Sequence";
    static final String BATCH_COMMIT = "Nats-Batch-Commit";
    static final int MAX_BATCH_SIZE = 1000;
    static final int MAX_INFLIGHT_PER_STREAM = 50;
    static final int MAX_INFLIGHT_TOTAL = 1000;
    static final long TIMEOUT_SECONDS = 10;
    static final long MAX_STAGED_BYTES = 64L * 1024 * 1024;
    private static final int MAX_ID_BYTES = 64;
    private static final byte[] EMPTY = new byte[0];
    private static final AtomicInteger INFLIGHT_TOTAL = new AtomicInteger();

    /** What the messages checked so far at a commit add to the stream's state ({@code batchStagedDiff}). */
    static final class Staging {
        final Set<String> msgIds = new HashSet<>();
        final Map<String, StoredMessage> counters = new HashMap<>();
        final Set<String> subjects = new HashSet<>();
        final Map<String, Long> expectedPerSubject = new HashMap<>();
        long staged;
    }

    private static final class Batch {
        final List<PendingPublish> messages = new ArrayList<>();
        long lastSeq;
        long lastActiveNanos = System.nanoTime();
    }

    private final PublishProcessor processor;
    private final Map<String, Batch> batches = new HashMap<>();
    private long stagedBytes;

    AtomicBatches(PublishProcessor processor) {
        this.processor = processor;
    }

    /** Handles one message carrying {@code Nats-Batch-Id}; returns the answer (empty while staging). */
    byte[] process(StreamConfig c, PendingPublish p) {
        byte[] hdr = p.headers();
        String id = NatsHeaders.get(hdr, BATCH_ID);
        int hdrLen = hdr.length;
        if (c.sealed()) {
            throw PublishProcessor.reject(JsApiError.STREAM_SEALED.error());
        }
        if (c.maxMsgSize() >= 0 && hdrLen + p.payload().length > c.maxMsgSize()) {
            throw PublishProcessor.reject(JsApiError.STREAM_MESSAGE_EXCEEDS_MAXIMUM.error());
        }
        if (!c.allowAtomic()) {
            throw PublishProcessor.reject(JsApiError.ATOMIC_PUBLISH_DISABLED.error());
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw PublishProcessor.reject(JsApiError.ATOMIC_PUBLISH_INVALID_BATCH_ID.error());
        }
        long seq = parseSequence(NatsHeaders.get(hdr, BATCH_SEQ));
        if (seq < 0) {
            throw PublishProcessor.reject(JsApiError.ATOMIC_PUBLISH_MISSING_SEQ.error());
        }
        String commitText = NatsHeaders.get(hdr, BATCH_COMMIT);
        boolean commit = commitText != null;
        boolean eob = "eob".equals(commitText);
        boolean commitInvalid = commit && !eob && !"1".equals(commitText);
        abandonExpired();
        Batch b = batches.get(id);
        if (b == null) {
            if (seq != 1) {
                long size = eob ? seq - 1 : seq;
                if (Long.compareUnsigned(size, MAX_BATCH_SIZE) > 0) {
                    throw PublishProcessor.reject(JsApiError.ATOMIC_PUBLISH_TOO_LARGE_BATCH.with(MAX_BATCH_SIZE));
                }
                throw incomplete();
            }
            if (batches.size() + 1 > MAX_INFLIGHT_PER_STREAM) {
                throw PublishProcessor.reject(JsApiError.ATOMIC_PUBLISH_TOO_MANY_INFLIGHT.error());
            }
            if (INFLIGHT_TOTAL.incrementAndGet() > MAX_INFLIGHT_TOTAL) {
                INFLIGHT_TOTAL.decrementAndGet();
                throw PublishProcessor.reject(JsApiError.ATOMIC_PUBLISH_TOO_MANY_INFLIGHT.error());
            }
            b = new Batch();
            batches.put(id, b);
        }
        if (commitInvalid) {
            discard(id);
            throw PublishProcessor.reject(JsApiError.ATOMIC_PUBLISH_INVALID_BATCH_COMMIT.error());
        }
        b.lastSeq++;
        b.lastActiveNanos = System.nanoTime();
        if (b.lastSeq != seq || (seq == 1 && eob)) {
            discard(id);
            throw incomplete();
        }
        long size = eob ? seq - 1 : seq;
        if (size > MAX_BATCH_SIZE) {
            discard(id);
            throw PublishProcessor.reject(JsApiError.ATOMIC_PUBLISH_TOO_LARGE_BATCH.with(MAX_BATCH_SIZE));
        }
        if (!commit) {
            if (stagedBytes + p.size() > MAX_STAGED_BYTES) {
                discard(id);
                throw incomplete();
            }
            b.messages.add(p);
            stagedBytes += p.size();
            return EMPTY;
        }
        try {
            return commit(c, id, b, eob ? null : p);
        } finally {
            discard(id);
        }
    }

    private byte[] commit(StreamConfig c, String id, Batch b, PendingPublish last) {
        List<PendingPublish> all = new ArrayList<>(b.messages);
        if (last != null) {
            all.add(last);
        }
        Staging diff = new Staging();
        List<PublishProcessor.Checked> checked = new ArrayList<>(all.size());
        for (PendingPublish m : all) {
            String lastMsgId = NatsHeaders.get(m.headers(), NatsHeaders.EXPECTED_LAST_MSG_ID);
            if (lastMsgId != null && !lastMsgId.isEmpty()) {
                throw PublishProcessor.reject(
                        JsApiError.ATOMIC_PUBLISH_UNSUPPORTED_HEADER.with(NatsHeaders.EXPECTED_LAST_MSG_ID));
            }
            checked.add(processor.checkBatchMessage(c, m, diff));
        }
        for (int i = 0; i < checked.size(); i++) {
            PublishProcessor.Checked m = checked.get(i);
            if (i == checked.size() - 1 && last == null) {
                m = new PublishProcessor.Checked(
                        m.subject(), NatsHeaders.append(m.headers(), BATCH_COMMIT, "1"), m.payload());
            }
            processor.storeChecked(c, m);
        }
        String tail = ",\"batch\":" + PublishProcessor.quote(id) + ",\"count\":" + all.size() + "}";
        return processor.ack(c.name(), processor.lastSequence(), tail);
    }

    /** Drops every staged batch (atomic publish turned off, or the stream stops). */
    void clear() {
        for (String id : new ArrayList<>(batches.keySet())) {
            discard(id);
        }
    }

    /** How many batches are being staged. */
    int inflight() {
        return batches.size();
    }

    private void abandonExpired() {
        long now = System.nanoTime();
        long limit = TIMEOUT_SECONDS * 1_000_000_000L;
        Iterator<Map.Entry<String, Batch>> it = batches.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Batch> e = it.next();
            if (now - e.getValue().lastActiveNanos > limit) {
                release(e.getValue());
                it.remove();
            }
        }
    }

    private void discard(String id) {
        Batch b = batches.remove(id);
        if (b != null) {
            release(b);
        }
    }

    private void release(Batch b) {
        for (PendingPublish m : b.messages) {
            stagedBytes -= m.size();
        }
        b.messages.clear();
        INFLIGHT_TOTAL.decrementAndGet();
    }

    private static PublishProcessor.RejectedException incomplete() {
        return PublishProcessor.reject(JsApiError.ATOMIC_PUBLISH_INCOMPLETE_BATCH.error());
    }

    /** Go's {@code parseUint64}: ASCII digits only; -1 when absent or not a number. */
    private static long parseSequence(String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
