package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load of the "under load" scenarios: a thread that publishes asynchronously, as fast as the server acks, into
 * its own file stream capped at {@value #MAX_BYTES_MIB} MiB (discard old, so it never grows without bound), with at
 * most {@code window} acks outstanding. Every ack must name the stream, not be a duplicate and carry the next
 * sequence; anything else (an error ack, a timeout, a gap) counts as a {@linkplain #failures() failure}, and the
 * thread goes on publishing. {@link #close()} stops the thread, waits for the acks still outstanding and deletes
 * the stream.
 */
final class BackgroundPublisher implements AutoCloseable {

    static final int MAX_BYTES_MIB = 64;

    private final JetStreamManagement jsm;
    private final JetStream js;
    private final String stream;
    private final String subject;
    private final int window;
    private final Payloads payloads;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopping;
    private long lastSeq;

    /** Creates the stream and starts publishing {@code size}-byte messages on {@code connection}. */
    BackgroundPublisher(Connection connection, String stream, String subject, int window, int size)
            throws IOException, JetStreamApiException {
        this.jsm = connection.jetStreamManagement();
        this.js = connection.jetStream();
        this.stream = stream;
        this.subject = subject;
        this.window = window;
        this.payloads = new Payloads(size);
        jsm.addStream(StreamConfiguration.builder()
                .name(stream)
                .subjects(subject)
                .storageType(StorageType.File)
                .maxBytes(MAX_BYTES_MIB * 1024L * 1024)
                .discardPolicy(DiscardPolicy.Old)
                .build());
        thread = new Thread(this::run, "bench-background-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Acks received so far (each a message the server stored). */
    long acked() {
        return acked.get();
    }

    /** Publishes that failed so far: error acks, timeouts, unexpected streams, duplicates or sequence gaps. */
    long failures() {
        return failures.get();
    }

    /** The first failure, or null. */
    String firstFailure() {
        return firstFailure.get();
    }

    /** Waits until {@code count} acks arrived (the stream is being written at full speed) or {@code timeout} passed. */
    void awaitAcked(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acked.get() < count && System.nanoTime() < deadline && thread.isAlive()) {
            Thread.sleep(5);
        }
    }

    private void run() {
        ArrayDeque<CompletableFuture<PublishAck>> pending = new ArrayDeque<>(window);
        long n = 0;
        try {
            while (!stopping) {
                if (pending.size() >= window) {
                    settle(pending.poll());
                }
                pending.add(js.publishAsync(subject, payloads.stamped(++n)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail("publish failed: " + e);
        }
        try {
            while (!pending.isEmpty()) {
                settle(pending.poll());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void settle(CompletableFuture<PublishAck> future) throws InterruptedException {
        PublishAck ack;
        try {
            ack = future.get(ScenarioContext.STALL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            fail("no publish ack within " + ScenarioContext.STALL_TIMEOUT);
            return;
        } catch (ExecutionException e) {
            fail("publish failed: " + e.getCause());
            return;
        }
        if (!stream.equals(ack.getStream()) || ack.isDuplicate() || ack.getSeqno() != lastSeq + 1) {
            fail("unexpected ack: stream " + ack.getStream() + ", duplicate " + ack.isDuplicate() + ", sequence "
                    + ack.getSeqno() + " after " + lastSeq);
        }
        lastSeq = ack.getSeqno();
        acked.incrementAndGet();
    }

    private void fail(String what) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, what);
    }

    /** Stops publishing, waits for the outstanding acks, deletes the stream. */
    @Override
    public void close() throws IOException, JetStreamApiException, InterruptedException {
        stopping = true;
        thread.join(ScenarioContext.STALL_TIMEOUT.multipliedBy(2).toMillis());
        if (thread.isAlive()) {
            fail("the background publisher did not stop");
            thread.interrupt();
        }
        jsm.deleteStream(stream);
    }
}
