package io.natsspring.broker.internal.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Encodes the operations the server sends: MSG, HMSG, PING, PONG, +OK, -ERR and INFO. */
public final class ServerOps {

    public static final byte[] PING = ascii("PING\r\n");
    public static final byte[] PONG = ascii("PONG\r\n");
    public static final byte[] OK = ascii("+OK\r\n");
    private static final byte[] MSG = ascii("MSG ");
    private static final byte[] HMSG = ascii("HMSG ");
    private static final byte[] CRLF = ascii("\r\n");

    private ServerOps() {}

    /** {@code -ERR '<text>'\r\n}. */
    public static byte[] err(String text) {
        return ascii("-ERR '" + text + "'\r\n");
    }

    /** {@code INFO <json>\r\n}. */
    public static byte[] info(String json) {
        return ("INFO " + json + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes {@link #writeMsg} will produce, without the payload. */
    public static int msgFrameOverhead(
            int subjectLength, int sidLength, int replyLength, int headerLength, int totalLength) {
        int n = (headerLength >= 0 ? 5 : 4) + subjectLength + 1 + sidLength + 1 + digits(totalLength) + 4;
        if (replyLength > 0) {
            n += replyLength + 1;
        }
        if (headerLength >= 0) {
            n += digits(headerLength) + 1;
        }
        return n;
    }

    /**
     * Writes {@code MSG subject sid [reply] size\r\n<payload>\r\n}, or the HMSG form when {@code headerLength >= 0};
     * {@code data} holds the header block (if any) followed by the payload, {@code totalLength} bytes in all.
     */
    public static void writeMsg(
            ByteBuf out,
            ByteBuf subjectBuf,
            int subjectIndex,
            int subjectLength,
            byte[] sid,
            ByteBuf replyBuf,
            int replyIndex,
            int replyLength,
            int headerLength,
            ByteBuf data,
            int dataIndex,
            int totalLength) {
        out.writeBytes(headerLength >= 0 ? HMSG : MSG);
        copy(out, subjectBuf, subjectIndex, subjectLength);
        out.writeByte(' ');
        out.writeBytes(sid);
        out.writeByte(' ');
        if (replyLength > 0) {
            copy(out, replyBuf, replyIndex, replyLength);
            out.writeByte(' ');
        }
        if (headerLength >= 0) {
            writeDecimal(out, headerLength);
            out.writeByte(' ');
        }
        writeDecimal(out, totalLength);
        out.writeBytes(CRLF);
        if (totalLength > 0) {
            copy(out, data, dataIndex, totalLength);
        }
        out.writeBytes(CRLF);
    }

    /**
     * Appends {@code src[index, index+length)} to {@code out}. A heap source (a message the server built) is copied
     * from its array: Netty's buffer-to-buffer copy into a pooled direct buffer wraps the source in a new NIO
     * buffer each time (two objects per field of every PubAck and API reply).
     */
    private static void copy(ByteBuf out, ByteBuf src, int index, int length) {
        if (src.hasArray()) {
            out.writeBytes(src.array(), src.arrayOffset() + index, length);
        } else {
            out.writeBytes(src, index, length);
        }
    }

    /** Writes a non-negative number in ASCII decimal without allocating. */
    public static void writeDecimal(ByteBuf out, long v) {
        if (v < 10) {
            out.writeByte('0' + (int) v);
            return;
        }
        int d = digits(v);
        int at = out.writerIndex();
        out.ensureWritable(d);
        for (int i = d - 1; i >= 0; i--) {
            out.setByte(at + i, '0' + (int) (v % 10));
            v /= 10;
        }
        out.writerIndex(at + d);
    }

    static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
