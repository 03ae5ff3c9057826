package io.natsspring.broker.internal.store;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The compressed form of a sealed block file (stream {@code compression: s2}), with LZ4's pure-Java codec
 * (lz4-java's safe instance: no JNI, no {@code Unsafe}). Layout (big-endian):
 * <pre>
 *  0 int  magic 0xFF 'L' 'Z' '4' (a plain block starts with a positive record length, so the two never mix)
 *  4 int  length of the plain block image
 *  8 int  CRC32C of the compressed bytes
 * 12 …    the LZ4 block
 * </pre>
 * The records inside keep their own checksums; the outer one rejects a damaged file before decompressing.
 */
final class BlockCodec {

    static final int HEADER = 12;
    private static final int MAGIC = 0xFF4C5A34;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final LZ4Compressor COMPRESSOR = LZ4Factory.safeInstance().fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR =
            LZ4Factory.safeInstance().safeDecompressor();

    /** Thrown when a compressed block file fails its checksum or does not decompress. */
    static final class DamagedBlockException extends IOException {
        DamagedBlockException(String message) {
            super(message);
        }
    }

    private BlockCodec() {}

    /** Whether a file starting with {@code head} (at least {@link #HEADER} bytes) is a compressed block. */
    static boolean isCompressed(byte[] head) {
        return head.length >= HEADER && (int) INT.get(head, 0) == MAGIC;
    }

    /** The plain image length recorded in a compressed block's header. */
    static int plainLength(byte[] head) {
        return (int) INT.get(head, 4);
    }

    /** The compressed file content for a plain block image of {@code len} bytes. */
    static byte[] encode(byte[] plain, int len) {
        byte[] out = new byte[HEADER + COMPRESSOR.maxCompressedLength(len)];
        int n = COMPRESSOR.compress(plain, 0, len, out, HEADER, out.length - HEADER);
        INT.set(out, 0, MAGIC);
        INT.set(out, 4, len);
        INT.set(out, 8, crc(out, HEADER, n));
        byte[] exact = new byte[HEADER + n];
        System.arraycopy(out, 0, exact, 0, exact.length);
        return exact;
    }

    /** The plain block image of a compressed file's content. */
    static byte[] decode(byte[] file) throws DamagedBlockException {
        if (!isCompressed(file)) {
            throw new DamagedBlockException("not a compressed block");
        }
        int len = plainLength(file);
        if (len < 0 || (int) INT.get(file, 8) != crc(file, HEADER, file.length - HEADER)) {
            throw new DamagedBlockException("checksum mismatch");
        }
        byte[] plain = new byte[len];
        try {
            int n = DECOMPRESSOR.decompress(file, HEADER, file.length - HEADER, plain, 0, len);
            if (n != len) {
                throw new DamagedBlockException("decompressed " + n + " of " + len + " bytes");
            }
        } catch (LZ4Exception e) {
            throw new DamagedBlockException("does not decompress: " + e.getMessage());
        }
        return plain;
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
