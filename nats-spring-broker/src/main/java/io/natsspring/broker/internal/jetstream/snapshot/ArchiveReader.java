package io.natsspring.broker.internal.jetstream.snapshot;

import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.consumer.ArchivedConsumer;
import io.natsspring.broker.internal.jetstream.consumer.ConsumerConfig;
import io.natsspring.broker.internal.store.StoreLimits;
import io.natsspring.broker.internal.store.StreamStore;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4FrameInputStream;

/**
 * Reads a {@link SnapshotFormat} archive: the header first, then the messages straight into a new store (one at a
 * time, never the whole archive in memory), recreating deleted sequences as deleted ones.
 */
public final class ArchiveReader implements AutoCloseable {

    private static final byte[] NO_PAYLOAD = new byte[0];
    private static final int FLUSH_EVERY = 1024;

    private final DataInputStream in;
    private final SnapshotFormat.Header header;

    /** Reads the magic bytes and the header; an archive of another format is an {@link IOException}. */
    public ArchiveReader(InputStream raw) throws IOException {
        byte[] magic = raw.readNBytes(SnapshotFormat.MAGIC.length);
        if (!Arrays.equals(magic, SnapshotFormat.MAGIC)) {
            throw new IOException("not a snapshot made by this broker (archives of nats-server can not be restored)");
        }
        this.in = new DataInputStream(new BufferedInputStream(
                new LZ4FrameInputStream(raw, SnapshotFormat.LZ4.safeDecompressor(), SnapshotFormat.XXHASH.hash32())));
        if (in.readByte() != SnapshotFormat.HEADER) {
            throw new IOException("snapshot archive does not start with its header");
        }
        try {
            this.header = ApiJson.read(body(), SnapshotFormat.Header.class, "SnapshotHeader");
        } catch (ApiException e) {
            throw new IOException("snapshot header: " + e.getMessage(), e);
        }
    }

    public SnapshotFormat.Header header() {
        return header;
    }

    /**
     * Appends the archived messages to the empty {@code store} with their sequences and timestamps, then applies
     * {@code limits}; returns the archived durable consumers.
     */
    public List<ArchivedConsumer> copyInto(StreamStore store, StoreLimits limits) throws IOException {
        store.updateLimits(StoreLimits.UNLIMITED);
        List<ArchivedConsumer> consumers = new ArrayList<>();
        long count = 0;
        long lastTs = 0;
        boolean any = false;
        while (true) {
            byte kind;
            try {
                kind = in.readByte();
            } catch (EOFException e) {
                throw new IOException("snapshot archive is truncated", e);
            }
            if (kind == SnapshotFormat.END) {
                if (in.readInt() != 8 || in.readLong() != count) {
                    throw new IOException("snapshot archive is inconsistent: message count differs");
                }
                break;
            }
            int length = in.readInt();
            if (length < 0 || length > SnapshotFormat.MAX_RECORD) {
                throw new IOException("snapshot archive has a bad record length " + length);
            }
            if (kind == SnapshotFormat.MESSAGE) {
                long seq = in.readLong();
                long ts = in.readLong();
                String subject = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
                int hl = in.readInt();
                byte[] headers = hl < 0 ? null : in.readNBytes(hl);
                byte[] payload = in.readNBytes(in.readInt());
                if (!any && seq > 1) {
                    store.compact(seq);
                }
                skipTo(store, seq, lastTs);
                long got = store.append(subject, headers, payload, ts);
                if (got != seq) {
                    throw new IOException("snapshot archive is inconsistent: sequence " + seq + " stored as " + got);
                }
                any = true;
                lastTs = ts;
                if (++count % FLUSH_EVERY == 0) {
                    store.flush();
                }
            } else if (kind == SnapshotFormat.CONSUMER) {
                byte[] config = in.readNBytes(in.readInt());
                long created = in.readLong();
                byte[] state = in.readNBytes(in.readInt());
                try {
                    consumers.add(new ArchivedConsumer(
                            ApiJson.read(config, ConsumerConfig.class, "ConsumerConfig"), created, state));
                } catch (ApiException e) {
                    throw new IOException("snapshot consumer: " + e.getMessage(), e);
                }
            } else {
                throw new IOException("snapshot archive has an unknown record kind " + kind);
            }
        }
        long last = header.lastSeq();
        if (!any) {
            if (last > 0) {
                store.compact(last + 1);
            }
        } else {
            skipTo(store, last + 1, Math.max(lastTs, header.lastTimestampNanos()));
        }
        store.flush();
        store.updateLimits(limits);
        return consumers;
    }

    /** Recreates the sequences below {@code seq} that the store has not reached as deleted ones. */
    private static void skipTo(StreamStore store, long seq, long ts) {
        long next = store.state().lastSeq() + 1;
        for (long s = next; s < seq; s++) {
            long placeholder = store.append("_", null, NO_PAYLOAD, ts);
            store.delete(placeholder, false);
        }
    }

    private byte[] body() throws IOException {
        int length = in.readInt();
        if (length < 0 || length > SnapshotFormat.MAX_RECORD) {
            throw new IOException("snapshot archive has a bad record length " + length);
        }
        return in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
