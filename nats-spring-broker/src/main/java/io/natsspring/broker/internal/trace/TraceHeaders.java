package io.natsspring.broker.internal.trace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the header block of a published message ({@code NATS/1.0\r\nKey: value\r\n...}) for the trace headers, as
 * {@code nats-server} does: {@code Nats-Trace-Dest} (exact case; the value {@code trace disabled} turns tracing
 * off), and {@code traceparent} (any case) with the W3C sampled flag. Allocates only when one is present.
 */
public final class TraceHeaders {

    /** The header naming the subject a trace event goes to. */
    public static final String DEST = "Nats-Trace-Dest";
    /** The header asking for the trace without delivery. */
    public static final String ONLY = "Nats-Trace-Only";
    /** The header counting the servers a traced message crossed. */
    public static final String HOP = "Nats-Trace-Hop";
    /** The value of {@link #DEST} that disables tracing (not a valid subject). */
    public static final String DISABLED = "trace disabled";

    private static final byte[] PREFIX = "NATS/1.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEST_BYTES = DEST.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PARENT_BYTES = "traceparent".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DISABLED_BYTES = DISABLED.getBytes(StandardCharsets.US_ASCII);

    private TraceHeaders() {}

    /** What the header block asks for; {@code null} when neither trace header is present. */
    public record Found(Map<String, List<String>> headers, boolean external) {

        /** The first value of {@code key}, or {@code null}. */
        public String first(String key) {
            List<String> v = headers.get(key);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** Accessor of the bytes of a header block, so that a Netty buffer is read in place. */
    @FunctionalInterface
    public interface Bytes {
        byte at(int index);
    }

    /** Scans {@code length} bytes from {@code offset} of {@code b}. */
    public static Found scan(Bytes b, int offset, int length) {
        int end = offset + length;
        if (length < PREFIX.length || !regionEquals(b, offset, PREFIX, false)) {
            return null;
        }
        boolean dest = false;
        boolean parent = false;
        int i = offset + PREFIX.length;
        // skip the rest of the status line
        while (i + 1 < end && !(b.at(i) == '\r' && b.at(i + 1) == '\n')) {
            i++;
        }
        i += 2;
        while (i < end) {
            int colon = indexOf(b, i, end, (byte) ':');
            if (colon < 0) {
                break;
            }
            int keyStart = i;
            int keyLen = colon - i;
            int v = colon + 1;
            while (v < end && (b.at(v) == ' ' || b.at(v) == '\t')) {
                v++;
            }
            int nl = crlf(b, v, end);
            if (nl < 0) {
                break;
            }
            int valEnd = nl;
            while (valEnd > v && (b.at(valEnd - 1) == ' ' || b.at(valEnd - 1) == '\t')) {
                valEnd--;
            }
            if (keyLen > 0 && valEnd > v) {
                if (!parent && keyLen == PARENT_BYTES.length && regionEquals(b, keyStart, PARENT_BYTES, true)) {
                    parent = sampled(b, v, valEnd);
                } else if (!dest && keyLen == DEST_BYTES.length && regionEquals(b, keyStart, DEST_BYTES, false)) {
                    if (valEnd - v == DISABLED_BYTES.length && regionEquals(b, v, DISABLED_BYTES, false)) {
                        return null;
                    }
                    dest = true;
                }
            }
            i = nl + 2;
        }
        if (!dest && !parent) {
            return null;
        }
        return new Found(map(b, offset, end), !dest);
    }

    /** Scans a header block held in an array. */
    public static Found scan(byte[] headers) {
        return headers == null ? null : scan(i -> headers[i], 0, headers.length);
    }

    /**
     * A copy of {@code headers} where the value of {@code key} is {@code value} (replaced in place, or appended), as
     * {@code nats-server}'s {@code setHeader}.
     */
    public static byte[] set(byte[] headers, String key, String value) {
        String text = new String(headers, StandardCharsets.ISO_8859_1);
        String line = key + ": " + value + "\r\n";
        int at = text.indexOf("\r\n" + key + ":");
        String out;
        if (at >= 0) {
            int start = at + 2;
            int stop = text.indexOf("\r\n", start);
            out = text.substring(0, start) + line + text.substring(stop + 2);
        } else {
            // before the empty line closing the block
            out = text.substring(0, text.length() - 2) + line + "\r\n";
        }
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, List<String>> map(Bytes b, int offset, int end) {
        byte[] copy = new byte[end - offset];
        for (int k = 0; k < copy.length; k++) {
            copy[k] = b.at(offset + k);
        }
        String text = new String(copy, StandardCharsets.UTF_8);
        Map<String, List<String>> m = new TreeMap<>();
        String[] lines = text.split("\r\n");
        for (int k = 1; k < lines.length; k++) {
            String l = lines[k];
            int colon = l.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = l.substring(0, colon);
            String value = l.substring(colon + 1).strip();
            if (!value.isEmpty()) {
                m.computeIfAbsent(key, x -> new ArrayList<>(1)).add(value);
            }
        }
        return m;
    }

    /** The W3C sampled flag: four dash-separated fields, the last two hex digits with bit 0 set. */
    private static boolean sampled(Bytes b, int start, int end) {
        int dashes = 0;
        int last = -1;
        for (int k = start; k < end; k++) {
            if (b.at(k) == '-') {
                dashes++;
                last = k;
            }
        }
        if (dashes != 3 || end - last - 1 != 2) {
            return false;
        }
        int hi = Character.digit(b.at(last + 1), 16);
        int lo = Character.digit(b.at(last + 2), 16);
        // Go parses the flags as a signed 8-bit value: 80..ff do not parse
        return hi >= 0 && lo >= 0 && hi < 8 && (lo & 1) == 1;
    }

    private static int indexOf(Bytes b, int from, int end, byte c) {
        for (int k = from; k < end; k++) {
            if (b.at(k) == c) {
                return k;
            }
        }
        return -1;
    }

    private static int crlf(Bytes b, int from, int end) {
        for (int k = from; k + 1 < end; k++) {
            if (b.at(k) == '\r' && b.at(k + 1) == '\n') {
                return k;
            }
        }
        return -1;
    }

    private static boolean regionEquals(Bytes b, int at, byte[] expected, boolean ignoreCase) {
        for (int k = 0; k < expected.length; k++) {
            byte x = b.at(at + k);
            byte y = expected[k];
            if (x != y && !(ignoreCase && Character.toLowerCase(x) == Character.toLowerCase(y))) {
                return false;
            }
        }
        return true;
    }
}
