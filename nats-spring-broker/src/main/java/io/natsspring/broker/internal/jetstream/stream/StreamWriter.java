package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.base.SerialExecutor;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single writer that mutates one stream's store. Published messages and administrative tasks (purge, delete,
 * limit changes, expiry) are queued and run in order. Messages are taken in batches: each is checked and appended,
 * then the store is flushed once and only then every PubAck of the batch is sent (group commit), so a message is
 * acknowledged only once the store holds it. The queue is drained by a {@link SerialExecutor} on the shared
 * JetStream worker pool (never two drains at once), in slices of at most {@value #SLICE_NANOS} ns after which the
 * drain yields its worker to other streams.
 */
final class StreamWriter {

    private static final System.Logger LOG = System.getLogger(StreamWriter.class.getName());
    private static final int MAX_BATCH = 512;
    static final long SLICE_NANOS = 10_000_000;

    private record Ack(String reply, byte[] payload) {}

    private record Task<T>(Callable<T> work, CompletableFuture<T> result) {
        void run() {
            try {
                result.complete(work.call());
            } catch (Error e) {
                result.completeExceptionally(e);
                throw e; // may have left the store half-changed: the writer fails the stream
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    private static final Object STOP = new Object();

    private final Stream stream;
    private final PublishProcessor processor;
    private final InternalPublisher publisher;
    /** The JVM-wide ingest budget's limit for this broker's streams, in bytes (see {@link IngestBudget}). */
    private final long ingestLimit;
    /** Ingest bounds, as {@code nats-server}: past them publishes are refused with 429 rather than buffered. */
    static final int MAX_QUEUED_MESSAGES = 100_000;

    static final long MAX_QUEUED_BYTES = 128L * 1024 * 1024;

    /** What {@link #offer} did with a message. */
    enum Offer {
        QUEUED,
        FULL,
        STOPPED
    }

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedMessages = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final SerialExecutor executor;
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** {@link #drain} as the executor's task, made once (not a new lambda per signal). */
    private final Runnable drainTask = this::drain;

    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile boolean running;
    private final List<Object> batch = new ArrayList<>(MAX_BATCH);
    private final List<Ack> acks = new ArrayList<>(MAX_BATCH);
    private final FlushBatch flushBatch = new FlushBatch();
    /** The PubAck being routed, reused: receivers copy what they keep, as of a client's publish. */
    private final InboundMessage ackMessage = new InboundMessage();
    /** Holds {@link #ackMessage}'s bytes; replaced by a small one after an unusually long reply subject. */
    private ByteBuf ackBuffer = Unpooled.buffer(ACK_BUFFER_SIZE);

    private static final int ACK_BUFFER_SIZE = 256;
    private static final int ACK_BUFFER_KEPT = 16 * 1024;
    private volatile boolean stopped;
    private boolean pendingWrites;

    StreamWriter(Stream stream, PublishProcessor processor, InternalPublisher publisher, long ingestLimit) {
        this.stream = stream;
        this.processor = processor;
        this.publisher = publisher;
        this.ingestLimit = ingestLimit;
        this.executor = new SerialExecutor("js-stream-" + stream.name());
        processor.fastBatches().replies((reply, payload) -> acks.add(new Ack(reply, payload)));
    }

    void start() {
        running = true;
        signal();
    }

    /** Queues a drain of the queue unless one is queued already. */
    private void signal() {
        if (running && drainQueued.compareAndSet(false, true)) {
            executor.execute(drainTask);
        }
    }

    /** Queues a published message unless the writer is stopped or its queue is over the ingest bounds. Any thread. */
    Offer offer(PendingPublish p) {
        if (stopped) {
            return Offer.STOPPED;
        }
        long size = p.size();
        if (queuedMessages.get() >= MAX_QUEUED_MESSAGES
                || queuedBytes.get() + size > MAX_QUEUED_BYTES
                || !IngestBudget.tryReserve(size, ingestLimit)) {
            return Offer.FULL;
        }
        queuedMessages.incrementAndGet();
        queuedBytes.addAndGet(size);
        queue.add(p);
        if (stopped && queue.remove(p)) {
            dequeued(size);
            return Offer.STOPPED;
        }
        signal();
        return Offer.QUEUED;
    }

    /** Queues a message from a mirror or source, within the same ingest bounds as {@link #offer}. Any thread. */
    boolean offerReplicated(ReplicatedMessage m) {
        if (stopped) {
            return false;
        }
        long size = m.size();
        if (queuedMessages.get() >= MAX_QUEUED_MESSAGES
                || queuedBytes.get() + size > MAX_QUEUED_BYTES
                || !IngestBudget.tryReserve(size, ingestLimit)) {
            return false;
        }
        queuedMessages.incrementAndGet();
        queuedBytes.addAndGet(size);
        queue.add(m);
        if (stopped && queue.remove(m)) {
            dequeued(size);
            return false;
        }
        signal();
        return true;
    }

    /** A queued message left the queue: its share of the stream's and the JVM's ingest bounds is free again. */
    private void dequeued(long size) {
        queuedMessages.decrementAndGet();
        queuedBytes.addAndGet(-size);
        IngestBudget.release(size);
    }

    /** Runs {@code work} on the writer thread after everything queued before it. */
    <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (stopped) {
            f.completeExceptionally(JsApiError.STREAM_NOT_FOUND.exception());
            return f;
        }
        queue.add(new Task<>(work, f));
        signal();
        return f;
    }

    /** Stops after the queued work is done and waits for the thread to end. */
    void stop() {
        stopped = true;
        queue.add(STOP);
        signal();
        if (running && !executor.isCurrent()) {
            try {
                terminated.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // gave up waiting, as a thread join would
            }
        }
    }

    /** One slice of work: batches until the queue is empty or the slice is used up (then queues another). */
    private void drain() {
        drainQueued.set(false);
        if (terminated.isDone()) {
            return;
        }
        long start = System.nanoTime();
        boolean finished = false;
        Throwable failure = null;
        int current = 0;
        try {
            while (true) {
                Object first = queue.poll();
                if (first == null) {
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                for (current = 0; current < batch.size(); current++) {
                    Object item = batch.get(current);
                    if (item == STOP) {
                        commit();
                        endUnprocessed(current + 1, null);
                        finished = true;
                        return;
                    }
                    if (item instanceof PendingPublish p) {
                        publish(p);
                    } else if (item instanceof ReplicatedMessage r) {
                        replicate(r);
                    } else {
                        commit();
                        ((Task<?>) item).run();
                        stream.afterWrites();
                    }
                    // done with it: its payload is stored (or refused) and must not stay reachable until the
                    // batch ends (512 large messages would hold tens of MiB on a small heap)
                    batch.set(current, null);
                }
                batch.clear();
                commit();
                if (System.nanoTime() - start > SLICE_NANOS) {
                    signal();
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "Stream '" + stream.name() + "' writer failed", e);
            // the batch's messages up to the failing one may or may not be stored: no PubAck (the publisher retries,
            // deduplicated by id); the ones after it were not stored
            if (current < batch.size()
                    && batch.get(current) instanceof Task<?> t
                    && !t.result().isDone()) {
                end(t, e);
            }
            endUnprocessed(current + 1, e);
            acks.clear();
            pendingWrites = false;
            finished = true;
            failure = e;
        } finally {
            if (finished) {
                stopped = true;
                failPendingTasks(failure);
                terminated.complete(null);
            }
        }
        if (failure != null) {
            stream.failed(failure);
        }
    }

    private void publish(PendingPublish p) {
        pendingWrites = true;
        byte[] ack;
        try {
            ack = processor.process(p);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Stream '" + stream.name() + "' failed to store a message", e);
            ack = p.reply() == null
                    ? null
                    : PublishProcessor.errorAck(
                            stream.name(), JsApiError.STREAM_STORE_FAILED.with(String.valueOf(e.getMessage())));
        } finally {
            // the payload counts against the ingest bounds until it is stored, not just until it left the queue
            dequeued(p.size());
        }
        if (ack != null) {
            acks.add(new Ack(p.reply(), ack));
        }
    }

    private void replicate(ReplicatedMessage r) {
        pendingWrites = true;
        boolean stored;
        try {
            stored = processor.processReplicated(r);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Stream '" + stream.name() + "' failed to store a sourced message", e);
            stored = false;
        } finally {
            dequeued(r.size());
        }
        r.outcome().done(stored);
    }

    /** Flushes the store once, then sends the PubAcks gathered since the last commit. */
    private void commit() {
        if (!pendingWrites) {
            return;
        }
        pendingWrites = false;
        try {
            stream.store().flush();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Stream '" + stream.name() + "' failed to flush its store", e);
            byte[] err = PublishProcessor.errorAck(
                    stream.name(), JsApiError.STREAM_STORE_FAILED.with(String.valueOf(e.getMessage())));
            acks.replaceAll(a -> new Ack(a.reply(), err));
        }
        stream.afterWrites();
        stream.consumerInterest().appended();
        for (int i = 0; i < acks.size(); i++) {
            Ack a = acks.get(i);
            publisher.publish(ackMessage.setBuilt(ackBuffer, a.reply(), a.payload()), flushBatch);
        }
        acks.clear();
        if (ackBuffer.capacity() > ACK_BUFFER_KEPT) {
            ackBuffer = Unpooled.buffer(ACK_BUFFER_SIZE);
        }
        flushBatch.flushAll();
    }

    /**
     * Ends what is still queued: tasks fail (stream not found, or offline after a failure), queued publishes are
     * answered with the offline error (they were not stored), queued replicated messages are handed back.
     */
    private void failPendingTasks(Throwable failure) {
        Object item;
        while ((item = queue.poll()) != null) {
            end(item, failure);
        }
        flushBatch.flushAll();
    }

    /** Ends the batch's items from index {@code from} on (not run) as {@link #failPendingTasks} does, clears it. */
    private void endUnprocessed(int from, Throwable failure) {
        for (int i = from; i < batch.size(); i++) {
            end(batch.get(i), failure);
        }
        batch.clear();
    }

    private void end(Object item, Throwable failure) {
        if (item instanceof Task<?> t) {
            t.result()
                    .completeExceptionally(
                            failure == null
                                    ? JsApiError.STREAM_NOT_FOUND.exception()
                                    : JsApiError.STREAM_OFFLINE_REASON.exception("failed: " + failure));
        } else if (item instanceof PendingPublish p) {
            dequeued(p.size());
            if (failure != null && p.reply() != null) {
                byte[] offline = PublishProcessor.errorAck(
                        stream.name(), JsApiError.STREAM_OFFLINE_REASON.with("failed: " + failure));
                publisher.publish(p.reply(), null, offline, flushBatch);
            }
        } else if (item instanceof ReplicatedMessage r) {
            dequeued(r.size());
            r.outcome().done(false);
        }
    }
}
