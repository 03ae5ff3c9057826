package io.natsspring.benchmarks.scenario;

import java.nio.ByteBuffer;

/**
 * Message bodies of one size, stamped with their sequence number (8 bytes, big-endian) followed by filler, so
 * receivers can check loss, duplication, order and corruption. Sizes below 8 bytes can not carry a stamp.
 */
public final class Payloads {

    public static final int MIN_SIZE = Long.BYTES;

    private final byte[] template;

    public Payloads(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("message size must be at least " + MIN_SIZE + " bytes: " + size);
        }
        template = new byte[size];
        for (int i = MIN_SIZE; i < size; i++) {
            template[i] = (byte) ('a' + i % 26);
        }
    }

    public int size() {
        return template.length;
    }

    /** A fresh body (jnats keeps a reference until it is written, so bodies are never reused). */
    public byte[] stamped(long seq) {
        byte[] body = template.clone();
        ByteBuffer.wrap(body).putLong(0, seq);
        return body;
    }

    /** The stamped sequence, or -1 when the body is not {@link #size()} bytes long. */
    public long sequenceOf(byte[] body) {
        if (body == null || body.length != template.length) {
            return -1;
        }
        return ByteBuffer.wrap(body).getLong(0);
    }
}
