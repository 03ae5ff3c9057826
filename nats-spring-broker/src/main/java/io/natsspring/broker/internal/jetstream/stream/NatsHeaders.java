package io.natsspring.broker.internal.jetstream.stream;

import java.nio.charset.StandardCharsets;

/**
 * Reads and extends a raw NATS header block ({@code NATS/1.0[ status]\r\nKey: Value\r\n…\r\n\r\n}). Keys are
 * matched exactly (as {@code nats-server} does); values are trimmed.
 */
public final class NatsHeaders {

    public static final String MSG_ID = "Nats-Msg-Id";
    public static final String EXPECTED_STREAM = "Nats-Expected-Stream";
    public static final String EXPECTED_LAST_SEQ = "Nats-Expected-Last-Sequence";
    public static final String EXPECTED_LAST_SUBJECT_SEQ = "Nats-Expected-Last-Subject-Sequence";
    public static final String EXPECTED_LAST_MSG_ID = "Nats-Expected-Last-Msg-Id";
    public static final String ROLLUP = "Nats-Rollup";
    public static final String STREAM = "Nats-Stream";
    public static final String SEQUENCE = "Nats-Sequence";
    public static final String TIME_STAMP = "Nats-Time-Stamp";
    public static final String SUBJECT = "Nats-Subject";

    private static final byte[] PREAMBLE = "NATS/1.0".getBytes(StandardCharsets.US_ASCII);

    private NatsHeaders() {}

    /** The first value of {@code key}, or {@code null} when absent (or the block is {@code null}). */
    public static String get(byte[] block, String key) {
        if (block == null || block.length < PREAMBLE.length) {
            return null;
        }
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        int i = lineEnd(block, 0);
        while (i >= 0 && i + 2 < block.length) {
            int start = i + 2;
            int end = lineEnd(block, start);
            if (end < 0) {
                end = block.length;
            }
            if (end == start) {
                return null;
            }
            int colon = indexOf(block, (byte) ':', start, end);
            if (colon - start == k.length && regionEquals(block, start, k)) {
                int vs = colon + 1;
                int ve = end;
                while (vs < ve && (block[vs] == ' ' || block[vs] == '\t')) {
                    vs++;
                }
                while (ve > vs && (block[ve - 1] == ' ' || block[ve - 1] == '\t')) {
                    ve--;
                }
                return new String(block, vs, ve - vs, StandardCharsets.UTF_8);
            }
            i = end < block.length ? end : -1;
        }
        return null;
    }

    /**
     * A new block with {@code Key: value} lines added at the end. {@code block} may be {@code null} (a fresh block
     * is started).
     */
    public static byte[] append(byte[] block, String... keyValues) {
        StringBuilder add = new StringBuilder(64);
        for (int i = 0; i < keyValues.length; i += 2) {
            add.append(keyValues[i]).append(": ").append(keyValues[i + 1]).append("\r\n");
        }
        byte[] extra = add.toString().getBytes(StandardCharsets.UTF_8);
        byte[] head;
        int headLength;
        if (block == null || block.length < 4) {
            head = "NATS/1.0\r\n".getBytes(StandardCharsets.US_ASCII);
            headLength = head.length;
        } else {
            head = block;
            headLength = block.length - 2;
            if (block[block.length - 4] != '\r' || block[block.length - 3] != '\n') {
                headLength = block.length;
            }
        }
        byte[] out = new byte[headLength + extra.length + 2];
        System.arraycopy(head, 0, out, 0, headLength);
        System.arraycopy(extra, 0, out, headLength, extra.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionEquals(byte[] b, int at, byte[] k) {
        for (int j = 0; j < k.length; j++) {
            if (b[at + j] != k[j]) {
                return false;
            }
        }
        return true;
    }
}
