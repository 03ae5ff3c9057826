package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.store.StreamStore;
import io.natsspring.broker.internal.time.GoDuration;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The acknowledgement side of one {@link Consumer}: the deliveries waiting for an ack ({@link PendingAcks}), the ack
 * floors, and what acks, NAKs, progress, terminations and ack-wait expiry do to them, including giving a message up
 * at {@code max_deliver}. Used on its consumer's thread only.
 */
final class AckState {

    /** The reason of the terminated advisory for a pending message the stream removed. */
    static final String UNACKED_DELETED = "Unacknowledged message was deleted";

    /** The ack wait of a flow-control-acked delivery: in effect never (about 36 years). */
    private static final long NO_ACK_WAIT_NANOS = Long.MAX_VALUE / 8;

    private final Consumer consumer;
    private final StreamConsumers host;
    private final PendingAcks pending = new PendingAcks();
    private long floorStream;
    private long floorConsumer;
    private long lastAckWall;

    AckState(Consumer consumer, StreamConsumers host) {
        this.consumer = consumer;
        this.host = host;
    }

    /** A new consumer starting at stream sequence {@code start}: everything before counts as acknowledged. */
    void start(long start) {
        floorStream = start - 1;
    }

    /** A reset to stream sequence {@code seq}: nothing pending, both floors just below it, no ack seen. */
    void reset(long seq) {
        pending.clear();
        floorStream = seq - 1;
        floorConsumer = 0;
        lastAckWall = 0;
    }

    /** Takes over the persisted floors and pending deliveries (a durable consumer after a restart). */
    void restore(ConsumerStateFile.State s) {
        floorStream = s.ackFloorStreamSeq();
        floorConsumer = s.ackFloorConsumerSeq();
        long now = System.nanoTime();
        long wall = ApiTime.nowNanos();
        for (long[] p : s.pending()) {
            long count = s.deliveryCounts().getOrDefault(p[0], 1L);
            long age = Math.max(0, wall - p[2]);
            long deadline = now + Math.max(0, ackWait(count) - age);
            pending.delivered(p[0], p[1], p[2], deadline, count);
        }
        s.deliveryCounts().forEach(pending::restoreDeliveryCount);
    }

    /** The state to persist, with the consumer's delivered sequences. */
    ConsumerStateFile.State state(long deliveredConsumerSeq, long deliveredStreamSeq) {
        List<long[]> p = new ArrayList<>(pending.size());
        for (Map.Entry<Long, PendingAcks.Pending> e : pending.entries()) {
            p.add(new long[] {e.getKey(), e.getValue().consumerSeq, e.getValue().deliveredNanos});
        }
        return new ConsumerStateFile.State(
                deliveredConsumerSeq,
                deliveredStreamSeq,
                floorConsumer,
                floorStream,
                p,
                Map.copyOf(pending.deliveryCounts()));
    }

    /** The size of {@link #encode}'s output. */
    int encodedSize() {
        return ConsumerJournal.encodedSize(
                pending.size(), pending.deliveryCounts().size());
    }

    /**
     * Writes the state to persist, in {@link ConsumerJournal}'s record payload format, straight from the pending
     * deliveries (no {@link ConsumerStateFile.State} is built: a write per confirmed ack stays free of copies).
     */
    void encode(ByteBuffer b, long deliveredConsumerSeq, long deliveredStreamSeq) {
        ConsumerJournal.encodeHeader(b, deliveredConsumerSeq, deliveredStreamSeq, floorConsumer, floorStream);
        b.putInt(pending.size());
        for (Map.Entry<Long, PendingAcks.Pending> e : pending.entries()) {
            PendingAcks.Pending p = e.getValue();
            b.putLong(e.getKey()).putLong(p.consumerSeq).putLong(p.deliveredNanos);
        }
        Map<Long, Long> counts = pending.deliveryCounts();
        b.putInt(counts.size());
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            b.putLong(e.getKey()).putLong(e.getValue());
        }
    }

    // ---- delivery side

    /** The next message queued for redelivery, or {@code 0}. */
    long nextRedelivery() {
        return pending.peekRedelivery();
    }

    long deliveryCount(long seq) {
        return pending.deliveryCount(seq);
    }

    /** Whether {@code max_ack_pending} stops new deliveries. */
    boolean full() {
        ConsumerConfig c = consumer.config();
        return c.ackPolicy() != AckPolicy.NONE && c.maxAckPending() > 0 && pending.size() >= c.maxAckPending();
    }

    /** A message queued for redelivery is gone from the stream: stop waiting for it. */
    void vanished(long seq) {
        pending.remove(seq);
        recomputeFloors();
    }

    /** Records a delivery of {@code seq} as consumer sequence {@code dseq}, the {@code count}th of it. */
    void delivered(long seq, long dseq, long wall, long now, long count, boolean fresh) {
        if (!fresh) {
            pending.takeRedelivery(seq);
        }
        if (consumer.config().ackPolicy() == AckPolicy.NONE) {
            floorConsumer = dseq;
            floorStream = Math.max(floorStream, seq);
            host.acknowledged(consumer, seq);
        } else {
            pending.delivered(seq, dseq, wall, now + ackWait(count), count);
        }
    }

    /**
     * Gives up a message whose last allowed delivery is spent, with the max deliveries advisory. Checked when its
     * ack wait runs out and, for a NAKed message, when its redelivery is attempted (as {@code nats-server} does).
     */
    boolean exceedsMaxDeliver(long seq) {
        long count = pending.deliveryCount(seq);
        long max = consumer.config().maxDeliver();
        if (max <= 0 || count < max) {
            return false;
        }
        pending.giveUp(seq);
        recomputeFloors();
        consumer.markDirty();
        host.advisories().maxDeliveries(host.streamName(), consumer.name(), seq, count);
        return true;
    }

    /** Queues every message whose ack wait ran out (or gives it up); {@code true} if any. */
    boolean expire(long now) {
        boolean any = false;
        for (long seq : pending.expired(now)) {
            if (!exceedsMaxDeliver(seq)) {
                pending.queueNow(seq);
            }
            any = true;
        }
        return any;
    }

    /** Forgets pending messages the stream no longer has; {@code true} if any. */
    boolean dropMissing(StreamStore store) {
        if (pending.dropMissing(seq -> store.load(seq) == null) > 0) {
            recomputeFloors();
            consumer.markDirty();
            return true;
        }
        return false;
    }

    /**
     * Forgets pending deliveries of these sequences the stream removed one by one (limits, expiry, rollup, delete);
     * like {@code nats-server}, each is terminated with its advisory. {@code true} if any was pending.
     */
    boolean dropRemoved(long[] seqs) {
        boolean any = false;
        for (long seq : seqs) {
            PendingAcks.Pending p = pending.get(seq);
            if (p == null) {
                continue;
            }
            long count = pending.deliveryCount(seq);
            pending.remove(seq);
            host.advisories()
                    .terminated(host.streamName(), consumer.name(), p.consumerSeq, seq, count, UNACKED_DELETED);
            any = true;
        }
        if (any) {
            recomputeFloors();
            consumer.markDirty();
        }
        return any;
    }

    long ackWait(long deliveryCount) {
        ConsumerConfig c = consumer.config();
        if (c.ackPolicy() == AckPolicy.FLOW_CONTROL) {
            // never redelivered on a timer: only a reset (the receiver saw a gap) delivers again
            return NO_ACK_WAIT_NANOS;
        }
        List<Long> backoff = c.backoffNanos();
        if (!backoff.isEmpty()) {
            int i = (int) Math.min(backoff.size() - 1, Math.max(0, deliveryCount - 1));
            return backoff.get(i);
        }
        return c.ackWaitNanos() > 0 ? c.ackWaitNanos() : ConsumerConfigRules.DEFAULT_ACK_WAIT_NANOS;
    }

    // ---- acknowledgements

    /** Publishes the ack metric for a pending message when {@code sample_freq} picks this ack. */
    private void sample(long sseq, long dseq) {
        int freq = sampleFrequency(consumer.config().sampleFrequency());
        if (freq <= 0) {
            return;
        }
        PendingAcks.Pending p = pending.get(sseq);
        if (p == null || !host.advisories().wantsAckMetric(host.streamName(), consumer.name())) {
            return;
        }
        if (freq < 100 && java.util.concurrent.ThreadLocalRandom.current().nextInt(100) > freq) {
            return;
        }
        host.advisories()
                .ackMetric(
                        host.streamName(),
                        consumer.name(),
                        dseq,
                        sseq,
                        ApiTime.nowNanos() - p.deliveredNanos,
                        pending.deliveryCount(sseq));
    }

    /** {@code sample_freq} as a percentage ({@code "30%"} or {@code "30"}); {@code 0} when unset or invalid. */
    static int sampleFrequency(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        String s = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    void ack(long sseq, long dseq) {
        if (sseq > consumer.lastDeliveredSeqs(true) && !pending.contains(sseq)) {
            return;
        }
        lastAckWall = ApiTime.nowNanos();
        switch (consumer.config().ackPolicy()) {
            case EXPLICIT -> {
                sample(sseq, dseq);
                if (pending.remove(sseq)) {
                    recomputeFloors();
                    host.acknowledged(consumer, sseq);
                    consumer.markDirty();
                }
            }
            case ALL, FLOW_CONTROL -> {
                if (sseq <= floorStream) {
                    return;
                }
                List<Long> removed = pending.removeUpTo(sseq);
                floorStream = Math.max(floorStream, sseq);
                floorConsumer = Math.max(floorConsumer, dseq);
                if (pending.isEmpty()) {
                    recomputeFloors();
                }
                for (long s : removed) {
                    host.acknowledged(consumer, s);
                }
                consumer.markDirty();
            }
            case NONE -> {}
        }
    }

    /** {@code +TERM}: acknowledged for good, with the terminated advisory when it was waiting for an ack. */
    void term(long sseq, long dseq, long count, String reason) {
        boolean wasPending = pending.contains(sseq);
        ack(sseq, dseq);
        if (wasPending || consumer.config().ackPolicy() == AckPolicy.NONE) {
            host.advisories().terminated(host.streamName(), consumer.name(), dseq, sseq, count, reason);
        }
    }

    /** {@code -NAK}, optionally with a delay ({@code arg}): redeliver now or after the delay. */
    void nak(long sseq, long dseq, long count, String arg) {
        PendingAcks.Pending p = pending.get(sseq);
        if (p == null) {
            return;
        }
        host.advisories().naked(host.streamName(), consumer.name(), dseq, sseq, count);
        long delay = parseDelay(arg);
        if (delay > 0) {
            pending.takeRedelivery(sseq);
            p.deadline = System.nanoTime() + delay;
        } else {
            pending.queueNow(sseq);
        }
    }

    /** The delay of {@code -NAK {"delay":nanos}} or {@code -NAK 1s}; 0 when absent or unreadable. */
    static long parseDelay(String arg) {
        if (arg.isEmpty()) {
            return 0;
        }
        try {
            if (arg.startsWith("{")) {
                return Math.max(0, ApiJson.number(ApiJson.parseObject(arg), "delay", 0));
            }
            return GoDuration.parse(arg);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** {@code +WPI}: the ack wait starts again. */
    void progress(long sseq) {
        PendingAcks.Pending p = pending.get(sseq);
        if (p != null) {
            pending.takeRedelivery(sseq);
            p.deadline = System.nanoTime() + ackWait(pending.deliveryCount(sseq));
        }
    }

    /** Moves the floors up to just below the oldest pending delivery, or to the cursor when nothing is pending. */
    void recomputeFloors() {
        Map.Entry<Long, PendingAcks.Pending> first = pending.first();
        if (first == null) {
            floorConsumer = consumer.nextConsumerSeq() - 1;
            floorStream = Math.max(floorStream, consumer.lastDeliveredSeqs(true));
        } else {
            floorStream = Math.max(floorStream, first.getKey() - 1);
            floorConsumer = Math.max(floorConsumer, first.getValue().consumerSeq - 1);
        }
    }

    // ---- reading

    boolean contains(long seq) {
        return pending.contains(seq);
    }

    int size() {
        return pending.size();
    }

    int redeliveredCount() {
        return pending.redeliveredCount();
    }

    int redeliveryQueueSize() {
        return pending.redeliveryQueueSize();
    }

    long floorStream() {
        return floorStream;
    }

    long floorConsumer() {
        return floorConsumer;
    }

    long lastAckWall() {
        return lastAckWall;
    }
}
