package io.natsspring.broker.internal.jetstream.snapshot;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The output end of a snapshot: cuts the archive into chunks of {@code chunk_size} bytes and publishes each to the
 * deliver subject with the reply {@code $JS.SNAPSHOT.ACK.<stream>.<id>.<size>.<index>}, keeping at most
 * {@code window_size / chunk_size} chunks unacknowledged ({@code nats-server}'s flow control). Waiting more than
 * {@link #ACK_TIMEOUT_MILLIS} for an ack, or the receiver's interest going away, ends the snapshot with
 * {@code 408 No Flow Response} / {@code 408 No Interest}.
 */
final class ChunkSender extends OutputStream {

    /** {@code nats-server}'s {@code defaultSnapshotAckTimeout}. */
    static final long ACK_TIMEOUT_MILLIS = 5_000;
    /** How long the first chunk waits for a subscriber on the deliver subject. */
    static final long INTEREST_WAIT_MILLIS = 2_000;

    /** Why a snapshot stopped early: the status line of its final message. */
    static final class Aborted extends IOException {
        private final String status;

        Aborted(String reason, String status) {
            super(reason);
            this.status = status;
        }

        String status() {
            return status;
        }
    }

    private final InternalPublisher publisher;
    private final String deliver;
    private final String ackPrefix;
    private final int window;
    private final Semaphore slots;
    private final InternalSubscription acks;
    private byte[] chunk;
    private int filled;
    private long index = 1;
    private boolean interestWaited;
    private boolean hadInterest;

    /**
     * @param chunkSize bytes per chunk (already clamped)
     * @param window    most chunks in flight (already computed from the window size)
     */
    ChunkSender(InternalPublisher publisher, String deliver, String ackPrefix, int chunkSize, int window) {
        this.publisher = publisher;
        this.deliver = deliver;
        this.ackPrefix = ackPrefix;
        this.window = window;
        this.slots = new Semaphore(window);
        this.chunk = new byte[chunkSize];
        this.acks = new InternalSubscription(ackPrefix + ".>", null, (m, b) -> {
            acked();
            return true;
        });
        publisher.router().subscribe(acks);
    }

    private void acked() {
        synchronized (slots) {
            if (slots.availablePermits() < window) {
                slots.release();
            }
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, chunk.length - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == chunk.length) {
                send();
            }
        }
    }

    /** Sends what is left; the caller then sends the final message ({@link #finish}). */
    @Override
    public void close() throws IOException {
        if (filled > 0) {
            send();
        }
    }

    private void send() throws IOException {
        awaitInterest();
        try {
            if (!slots.tryAcquire(ACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new Aborted("no flow response", "408 No Flow Response");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Aborted("interrupted", "500 interrupted");
        }
        boolean interest = publisher.hasInterest(deliver);
        if (hadInterest && !interest) {
            throw new Aborted("no interest", "408 No Interest");
        }
        hadInterest |= interest;
        byte[] payload = chunk;
        int size = filled;
        chunk = new byte[chunk.length];
        filled = 0;
        if (size < payload.length) {
            payload = java.util.Arrays.copyOf(payload, size);
        }
        String reply = ackPrefix + "." + size + "." + index++;
        FlushBatch batch = new FlushBatch();
        publisher.publish(deliver, reply, null, payload, batch);
        batch.flushAll();
    }

    private void awaitInterest() throws Aborted {
        if (interestWaited) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTEREST_WAIT_MILLIS);
        while (!publisher.hasInterest(deliver) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Aborted("interrupted", "500 interrupted");
            }
        }
        interestWaited = true;
    }

    /** Sends the final, empty message with {@code status} ({@code 204} when complete) and stops taking acks. */
    void finish(String status) {
        publisher.router().unsubscribe(acks);
        acks.close();
        byte[] header = ("NATS/1.0 " + status + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        publisher.publishNow(deliver, header, new byte[0]);
    }
}
