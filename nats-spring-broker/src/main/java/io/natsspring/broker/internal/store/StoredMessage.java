package io.natsspring.broker.internal.store;

import io.natsspring.broker.internal.text.Utf8;

/**
 * One message as held by a {@link StreamStore}. Treat the arrays as read-only, both when passed to
 * {@code append} and after a load (a memory store keeps and shares them).
 *
 * @param seq            stream sequence
 * @param subject        literal subject
 * @param headers        raw {@code NATS/1.0} header block, or {@code null}
 * @param payload        message body, never {@code null}
 * @param timestampNanos publish time, nanoseconds since the epoch
 */
public record StoredMessage(long seq, String subject, byte[] headers, byte[] payload, long timestampNanos) {

    /** Fixed per-message overhead counted by {@link #size}; equal to the file store's record framing. */
    public static final int OVERHEAD = 32;

    /**
     * The accounted size of a message: {@code 32 + utf8(subject) + len(headers) + len(payload)}. This is the
     * value summed into {@link StreamState#bytes()} and compared with {@link StoreLimits#maxBytes()}; it is the
     * same for both stores and stable across restarts.
     */
    public static int size(int subjectBytes, byte[] headers, byte[] payload) {
        return OVERHEAD + subjectBytes + (headers == null ? 0 : headers.length) + payload.length;
    }

    /** {@link #size(int, byte[], byte[])} of this message. */
    public int size() {
        return size(Utf8.encodedLength(subject), headers, payload);
    }
}
