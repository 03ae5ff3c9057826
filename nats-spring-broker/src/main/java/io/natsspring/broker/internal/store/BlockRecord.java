package io.natsspring.broker.internal.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * Encoding of the records in a block file. Every record is framed as (big-endian):
 * <pre>
 *  0 int   length of the whole record, framing included
 *  4 byte  type: 1 message, 2 tombstone
 *  5 byte  flags: 1 has headers, 2 erased
 *  6 short subject length (unsigned, UTF-8 bytes)
 *  8 int   header length
 * 12 long  sequence (for a tombstone: the removed sequence)
 * 20 long  timestamp, nanoseconds since the epoch
 * 28 …     subject, headers, payload
 *  … int   CRC32C of everything before it
 * </pre>
 * The framing is {@link StoredMessage#OVERHEAD} bytes, so a message record is exactly its accounted size.
 */
final class BlockRecord {

    static final int FRAMING = 32;
    static final byte MESSAGE = 1;
    static final byte TOMBSTONE = 2;
    static final byte HAS_HEADERS = 1;
    static final byte ERASED = 2;

    private static final int TYPE = 4;
    private static final int FLAGS = 5;
    private static final int SUBJECT_LEN = 6;
    private static final int HEADER_LEN = 8;
    private static final int SEQ = 12;
    private static final int TIME = 20;
    private static final int BODY = 28;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private BlockRecord() {}

    /** Writes a message record at {@code off}; the caller sized {@code dst} with {@link StoredMessage#size}. */
    static int encodeMessage(byte[] dst, int off, long seq, long ts, byte[] subject, byte[] headers, byte[] payload) {
        int hdrLen = headers == null ? 0 : headers.length;
        int len = FRAMING + subject.length + hdrLen + payload.length;
        frame(dst, off, len, MESSAGE, headers == null ? 0 : HAS_HEADERS, subject.length, hdrLen, seq, ts);
        int p = off + BODY;
        System.arraycopy(subject, 0, dst, p, subject.length);
        p += subject.length;
        if (hdrLen > 0) {
            System.arraycopy(headers, 0, dst, p, hdrLen);
            p += hdrLen;
        }
        System.arraycopy(payload, 0, dst, p, payload.length);
        seal(dst, off, len);
        return len;
    }

    /** Writes a tombstone for {@code seq} at {@code off}; always {@link #FRAMING} bytes. */
    static int encodeTombstone(byte[] dst, int off, long seq) {
        frame(dst, off, FRAMING, TOMBSTONE, 0, 0, 0, seq, 0);
        seal(dst, off, FRAMING);
        return FRAMING;
    }

    private static void frame(
            byte[] d, int off, int len, byte type, int flags, int subjLen, int hdrLen, long seq, long ts) {
        INT.set(d, off, len);
        d[off + TYPE] = type;
        d[off + FLAGS] = (byte) flags;
        SHORT.set(d, off + SUBJECT_LEN, (short) subjLen);
        INT.set(d, off + HEADER_LEN, hdrLen);
        LONG.set(d, off + SEQ, seq);
        LONG.set(d, off + TIME, ts);
    }

    private static void seal(byte[] d, int off, int len) {
        INT.set(d, off + len - 4, crc(d, off, len - 4));
    }

    private static int crc(byte[] d, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(d, off, len);
        return (int) c.getValue();
    }

    /** True when a well-formed record with a matching checksum starts at {@code off} within {@code avail}. */
    static boolean valid(byte[] d, int off, int avail) {
        if (avail < FRAMING) {
            return false;
        }
        int len = length(d, off);
        byte type = d[off + TYPE];
        if (len < FRAMING || len > avail || (type != MESSAGE && type != TOMBSTONE)) {
            return false;
        }
        int hdrLen = (int) INT.get(d, off + HEADER_LEN);
        if (hdrLen < 0 || (long) FRAMING + subjectLength(d, off) + hdrLen > len) {
            return false;
        }
        return (int) INT.get(d, off + len - 4) == crc(d, off, len - 4);
    }

    static int length(byte[] d, int off) {
        return (int) INT.get(d, off);
    }

    static byte type(byte[] d, int off) {
        return d[off + TYPE];
    }

    static boolean erased(byte[] d, int off) {
        return (d[off + FLAGS] & ERASED) != 0;
    }

    static long seq(byte[] d, int off) {
        return (long) LONG.get(d, off + SEQ);
    }

    static long timestamp(byte[] d, int off) {
        return (long) LONG.get(d, off + TIME);
    }

    private static int subjectLength(byte[] d, int off) {
        return Short.toUnsignedInt((short) SHORT.get(d, off + SUBJECT_LEN));
    }

    static String subject(byte[] d, int off) {
        return new String(d, off + BODY, subjectLength(d, off), StandardCharsets.UTF_8);
    }

    /** Decodes a valid message record into a fresh {@link StoredMessage}. */
    static StoredMessage decode(byte[] d, int off) {
        int len = length(d, off);
        int subjLen = subjectLength(d, off);
        int hdrLen = (int) INT.get(d, off + HEADER_LEN);
        int p = off + BODY + subjLen;
        byte[] headers = null;
        if ((d[off + FLAGS] & HAS_HEADERS) != 0) {
            headers = new byte[hdrLen];
            System.arraycopy(d, p, headers, 0, hdrLen);
        }
        p += hdrLen;
        byte[] payload = new byte[len - FRAMING - subjLen - hdrLen];
        System.arraycopy(d, p, payload, 0, payload.length);
        return new StoredMessage(seq(d, off), subject(d, off), headers, payload, timestamp(d, off));
    }

    /** Marks the record erased, overwrites headers and payload with random bytes and re-seals it. */
    static void erase(byte[] d, int off, Random random) {
        int len = length(d, off);
        int start = off + BODY + subjectLength(d, off);
        byte[] noise = new byte[off + len - 4 - start];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, d, start, noise.length);
        d[off + FLAGS] |= ERASED;
        seal(d, off, len);
    }
}
