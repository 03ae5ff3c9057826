package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamState;
import io.natsspring.broker.internal.store.StreamStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The answers to one direct get as {@code nats-server} 2.11+ sends them (ADR-31): a single message, a
 * {@code batch} (from {@code seq}, {@code start_time} or {@code next_by_subj} with wildcards) with
 * {@code Nats-Num-Pending}/{@code Nats-Last-Sequence} on every message and a {@code 204 EOB} status at the end, or
 * the last message of every subject matching {@code multi_last} up to {@code up_to_seq}/{@code up_to_time} (EOB
 * then also carries {@code Nats-UpTo-Sequence}). {@code max_bytes} (default: the server's 64 MiB max pending)
 * stops a batch once reached.
 */
final class DirectReads {

    /** Where the answers go: a header block ({@code null} for {@code no_hdr}) and a payload. */
    interface Sink {
        void send(byte[] headers, byte[] payload);
    }

    /** {@code nats-server}'s {@code MAX_PENDING_SIZE}, the {@code max_bytes} used when the request has none. */
    static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    /** Most subjects a {@code multi_last} request may match ({@code 413 Too Many Results} beyond). */
    static final int MAX_MULTI_RESULTS = 1024;

    private static final byte[] EMPTY = new byte[0];

    private final String stream;
    private final StreamStore store;
    private final MessageLookup req;
    private final Sink out;

    private DirectReads(String stream, StreamStore store, MessageLookup req, Sink out) {
        this.stream = stream;
        this.store = store;
        this.req = req;
        this.out = out;
    }

    /** Answers {@code req} (already checked for emptiness and conflicts) from {@code store}. */
    static void answer(String stream, StreamStore store, MessageLookup req, Sink out) {
        DirectReads r = new DirectReads(stream, store, req, out);
        if (req.multiLast().isEmpty()) {
            r.single();
        } else {
            r.multi();
        }
    }

    static byte[] status(String status) {
        return ("NATS/1.0 " + status + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private long maxBytes() {
        return req.maxBytes() == 0 ? DEFAULT_MAX_BYTES : req.maxBytes();
    }

    private void single() {
        long seq = req.startTimeNanos() != 0 ? store.sequenceForTime(req.startTimeNanos()) : req.seq();
        String next = req.nextBySubject();
        boolean isBatch = req.batch() > 0;
        long batch = isBatch ? req.batch() : 1;
        long pending = 0;
        long validThrough = 0;
        if (isBatch) {
            validThrough = store.state().lastSeq();
            pending = store.numPending(next, seq);
        }
        long maxBytes = maxBytes();
        long sent = 0;
        long lastSeq = 0;
        for (long i = 0; i < batch; i++) {
            StoredMessage m;
            if (seq > 0 && next == null) {
                m = i == 0 && !isBatch ? load(seq) : store.loadNext(null, seq);
                seq = m == null ? seq + 1 : m.seq() + 1;
            } else if (next != null) {
                m = store.loadNext(next, seq);
                seq = m == null ? seq + 1 : m.seq() + 1;
            } else {
                m = store.loadLast(req.lastBySubject());
            }
            if (m == null) {
                if (batch > 1 && i > 0) {
                    break;
                }
                out.send(status("404 Message Not Found"), EMPTY);
                return;
            }
            byte[] headers = null;
            if (!req.noHeaders()) {
                if (isBatch) {
                    if (pending > 0) {
                        pending--;
                    }
                    headers = withStreamHeaders(m, pending, lastSeq);
                } else {
                    headers = withStreamHeaders(m, -1, 0);
                }
            }
            lastSeq = m.seq();
            out.send(headers, m.payload());
            sent += size(m);
            if (sent >= maxBytes) {
                break;
            }
        }
        if (isBatch) {
            if (store.state().lastSeq() > validThrough) {
                pending = store.numPending(next, seq);
            }
            out.send(
                    ("NATS/1.0 204 EOB\r\nNats-Num-Pending: " + pending + "\r\nNats-Last-Sequence: " + lastSeq
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII),
                    EMPTY);
        }
    }

    private void multi() {
        long upTo = req.upToSeq();
        if (req.upToTimeNanos() != 0) {
            upTo = store.sequenceForTime(req.upToTimeNanos());
            StreamState state = store.state();
            if (upTo <= state.firstSeq()) {
                out.send(status("404 No Results"), EMPTY);
                return;
            }
            upTo--;
        }
        if (upTo == 0) {
            upTo = store.state().lastSeq();
        }
        long[] seqs = lastSequences(upTo);
        if (seqs == null) {
            out.send(status("413 Too Many Results"), EMPTY);
            return;
        }
        if (seqs.length == 0) {
            out.send(status("404 No Results"), EMPTY);
            return;
        }
        long maxBytes = maxBytes();
        long pending = seqs.length;
        long lastSeq = 0;
        long sentBytes = 0;
        long sent = 0;
        for (long seq : seqs) {
            if (pending > 0) {
                pending--;
            }
            if (seq < req.seq()) {
                continue;
            }
            StoredMessage m = load(seq);
            if (m == null) {
                out.send(status("404 Message Not Found"), EMPTY);
                return;
            }
            out.send(withStreamHeaders(m, pending, lastSeq), m.payload());
            lastSeq = m.seq();
            sentBytes += size(m);
            if (sentBytes >= maxBytes) {
                break;
            }
            sent++;
            if (req.batch() > 0 && sent >= req.batch()) {
                break;
            }
        }
        out.send(
                ("NATS/1.0 204 EOB\r\nNats-Num-Pending: " + pending + "\r\nNats-Last-Sequence: " + lastSeq
                                + "\r\nNats-UpTo-Sequence: " + upTo + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                EMPTY);
    }

    /** Ascending sequences of the newest message at or below {@code upTo} per matching subject; null if too many. */
    private long[] lastSequences(long upTo) {
        if (store.state().msgs() == 0) {
            return new long[0];
        }
        Set<Long> seqs = new LinkedHashSet<>();
        for (String filter : req.multiLast()) {
            for (String subject : new ArrayList<>(store.subjectCounts(filter).keySet())) {
                StoredMessage m = store.loadPrev(subject, upTo);
                if (m != null) {
                    seqs.add(m.seq());
                }
            }
            if (seqs.size() > MAX_MULTI_RESULTS) {
                return null;
            }
        }
        long[] sorted = seqs.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    /** What {@code nats-server} counts against {@code max_bytes}: subject, stored headers and payload. */
    private static long size(StoredMessage m) {
        return m.subject().getBytes(StandardCharsets.UTF_8).length
                + (m.headers() == null ? 0 : m.headers().length)
                + m.payload().length;
    }

    private StoredMessage load(long seq) {
        try {
            return store.load(seq);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The stored headers plus the stream headers; {@code pending < 0}: not a batch (no pending/last headers). */
    private byte[] withStreamHeaders(StoredMessage m, long pending, long lastSeq) {
        byte[] stored = m.headers() == null || m.headers().length == 0 ? null : m.headers();
        String ts = ApiTime.format(m.timestampNanos());
        if (pending < 0) {
            return NatsHeaders.append(
                    stored,
                    NatsHeaders.STREAM,
                    stream,
                    NatsHeaders.SUBJECT,
                    m.subject(),
                    NatsHeaders.SEQUENCE,
                    Long.toString(m.seq()),
                    NatsHeaders.TIME_STAMP,
                    ts);
        }
        return NatsHeaders.append(
                stored,
                NatsHeaders.STREAM,
                stream,
                NatsHeaders.SUBJECT,
                m.subject(),
                NatsHeaders.SEQUENCE,
                Long.toString(m.seq()),
                NatsHeaders.TIME_STAMP,
                ts,
                "Nats-Num-Pending",
                Long.toString(pending),
                "Nats-Last-Sequence",
                Long.toString(lastSeq));
    }
}
