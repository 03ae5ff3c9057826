package io.natsspring.broker.internal.jetstream.snapshot;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.consumer.ArchivedConsumer;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamStore;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jpountz.lz4.LZ4FrameOutputStream;

/**
 * Writes a {@link SnapshotFormat} archive of a stream to an output stream, reading the messages one at a time
 * from the store (which may keep taking writes meanwhile: only messages up to the header's last sequence go in).
 */
public final class ArchiveWriter {

    private static final int BUFFER = 64 * 1024;

    private ArchiveWriter() {}

    /**
     * Writes the archive and closes {@code out}.
     *
     * @return the number of messages written
     */
    public static long write(
            OutputStream out, SnapshotFormat.Header header, StreamStore store, List<ArchivedConsumer> consumers)
            throws IOException {
        out.write(SnapshotFormat.MAGIC);
        LZ4FrameOutputStream lz = new LZ4FrameOutputStream(
                out,
                LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB,
                -1L,
                SnapshotFormat.LZ4.fastCompressor(),
                SnapshotFormat.XXHASH.hash32(),
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM);
        long count = 0;
        try (DataOutputStream d = new DataOutputStream(new BufferedOutputStream(lz, BUFFER))) {
            record(d, SnapshotFormat.HEADER, ApiJson.bytes(header));
            long seq = header.firstSeq();
            while (seq <= header.lastSeq()) {
                StoredMessage m = store.loadNext(null, seq);
                if (m == null || m.seq() > header.lastSeq()) {
                    break;
                }
                message(d, m);
                count++;
                seq = m.seq() + 1;
            }
            for (ArchivedConsumer c : consumers) {
                byte[] config = ApiJson.bytes(c.config());
                d.writeByte(SnapshotFormat.CONSUMER);
                d.writeInt(4 + config.length + 8 + 4 + c.state().length);
                d.writeInt(config.length);
                d.write(config);
                d.writeLong(c.createdNanos());
                d.writeInt(c.state().length);
                d.write(c.state());
            }
            d.writeByte(SnapshotFormat.END);
            d.writeInt(8);
            d.writeLong(count);
        }
        return count;
    }

    private static void record(DataOutputStream d, byte kind, byte[] body) throws IOException {
        d.writeByte(kind);
        d.writeInt(body.length);
        d.write(body);
    }

    private static void message(DataOutputStream d, StoredMessage m) throws IOException {
        byte[] subject = m.subject().getBytes(StandardCharsets.UTF_8);
        byte[] headers = m.headers();
        byte[] payload = m.payload() == null ? new byte[0] : m.payload();
        int length = 8 + 8 + 2 + subject.length + 4 + (headers == null ? 0 : headers.length) + 4 + payload.length;
        d.writeByte(SnapshotFormat.MESSAGE);
        d.writeInt(length);
        d.writeLong(m.seq());
        d.writeLong(m.timestampNanos());
        d.writeShort(subject.length);
        d.write(subject);
        if (headers == null) {
            d.writeInt(-1);
        } else {
            d.writeInt(headers.length);
            d.write(headers);
        }
        d.writeInt(payload.length);
        d.write(payload);
    }
}
