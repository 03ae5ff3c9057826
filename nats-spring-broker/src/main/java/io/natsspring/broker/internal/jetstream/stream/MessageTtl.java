package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.time.GoDuration;
import java.nio.charset.StandardCharsets;

/**
 * The per-message TTL of ADR-43: the {@code Nats-TTL} header read as {@code nats-server} reads it (whole seconds,
 * a Go duration of at least one second, or {@code never}), and the subject delete markers' headers.
 */
public final class MessageTtl {

    /** Header holding the TTL. */
    public static final String TTL = "Nats-TTL";
    /** Header naming why a subject delete marker was left behind. */
    public static final String MARKER_REASON = "Nats-Marker-Reason";
    /** Marker reason of an expiry (max age or TTL). */
    public static final String REASON_MAX_AGE = "MaxAge";
    /** The KV purge operation header and value (a purge tombstone counts as a marker). */
    static final String KV_OPERATION = "KV-Operation";

    static final String KV_PURGE = "PURGE";
    /** Value returned for {@code never}. */
    public static final long NEVER = -1;

    private static final long SECOND = 1_000_000_000L;

    private MessageTtl() {}

    /** Thrown for a TTL the server refuses ({@code JSMessageTTLInvalidErr}). */
    static final class InvalidTtlException extends RuntimeException {
        InvalidTtlException() {
            super("invalid per-message TTL", null, false, false);
        }
    }

    /**
     * The TTL in a header block: seconds ({@code > 0}), {@link #NEVER}, or 0 when there is none.
     *
     * @throws InvalidTtlException when the header is present and not a valid TTL
     */
    static long of(byte[] headers) {
        String v = rawValue(headers, TTL);
        return v == null || v.isEmpty() ? 0 : parse(v);
    }

    /** {@link #of} that reads an invalid TTL as none (for stored messages). */
    static long ofStored(byte[] headers) {
        try {
            return of(headers);
        } catch (InvalidTtlException e) {
            return 0;
        }
    }

    /** Parses a TTL text as {@code nats-server}'s {@code parseMessageTTL}. */
    static long parse(String text) {
        if (text.toLowerCase(java.util.Locale.ROOT).equals("never")) {
            return NEVER;
        }
        long nanos;
        try {
            nanos = GoDuration.parse(text);
        } catch (IllegalArgumentException notDuration) {
            return seconds(text);
        }
        if (nanos < SECOND) {
            throw new InvalidTtlException();
        }
        return nanos / SECOND;
    }

    /** Go's {@code parseInt64}: plain ASCII digits without sign (wrapping on overflow); negative is invalid. */
    private static long seconds(String text) {
        if (text.isEmpty()) {
            throw new InvalidTtlException();
        }
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidTtlException();
            }
            v = v * 10 + (c - '0');
        }
        if (v < 0) {
            throw new InvalidTtlException();
        }
        return v;
    }

    /**
     * A header's value as {@code nats-server}'s {@code sliceHeader} reads it: leading spaces skipped, trailing
     * white space kept (so {@code "5 "} is not a TTL).
     */
    private static String rawValue(byte[] block, String key) {
        if (block == null) {
            return null;
        }
        String text = new String(block, StandardCharsets.UTF_8);
        int i = text.indexOf("\r\n" + key + ":");
        if (i < 0) {
            return null;
        }
        int start = i + key.length() + 3;
        while (start < text.length() && text.charAt(start) == ' ') {
            start++;
        }
        int end = text.indexOf("\r\n", start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** True for a subject delete marker (or a KV purge tombstone): expiring it leaves no further marker. */
    static boolean isMarker(byte[] headers) {
        if (headers == null) {
            return false;
        }
        String reason = NatsHeaders.get(headers, MARKER_REASON);
        return (reason != null && !reason.isEmpty()) || KV_PURGE.equals(NatsHeaders.get(headers, KV_OPERATION));
    }

    /** The header block of the marker left when the last message of a subject expires. */
    static byte[] markerHeaders(long markerTtlNanos) {
        return NatsHeaders.append(
                null,
                MARKER_REASON,
                REASON_MAX_AGE,
                TTL,
                GoDuration.format(markerTtlNanos / SECOND * SECOND),
                NatsHeaders.ROLLUP,
                "sub");
    }

    /** A copy of {@code block} whose {@code Nats-TTL} says {@code seconds}. */
    static byte[] withTtl(byte[] block, long seconds) {
        return NatsHeaders.append(without(block, TTL), TTL, Long.toString(seconds));
    }

    /** A copy of {@code block} without the lines of {@code key}. */
    static byte[] without(byte[] block, String key) {
        String text = new String(block, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        out.append(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon >= 0 && line.substring(0, colon).equals(key)) {
                continue;
            }
            out.append(line).append("\r\n");
        }
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
