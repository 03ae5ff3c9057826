package io.natsspring.broker.internal.jetstream.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a consumer delivered and still waits to hear about: per stream sequence the latest delivery's consumer
 * sequence, when it was delivered and when it is due for redelivery; how often each message was delivered (only
 * entries above one are kept, their number is {@code num_redelivered}); and the queue of messages to redeliver
 * before anything new. Consumer thread only.
 */
final class PendingAcks {

    /** One unacknowledged delivery. */
    static final class Pending {
        long consumerSeq;
        long deliveredNanos;
        long deadline;

        Pending(long consumerSeq, long deliveredNanos, long deadline) {
            this.consumerSeq = consumerSeq;
            this.deliveredNanos = deliveredNanos;
            this.deadline = deadline;
        }
    }

    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final Map<Long, Long> deliveries = new HashMap<>();
    private final LinkedHashSet<Long> redeliver = new LinkedHashSet<>();

    int size() {
        return pending.size();
    }

    /** Forgets every pending delivery, delivery count and queued redelivery (a consumer reset). */
    void clear() {
        pending.clear();
        deliveries.clear();
        redeliver.clear();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    boolean contains(long streamSeq) {
        return pending.containsKey(streamSeq);
    }

    Pending get(long streamSeq) {
        return pending.get(streamSeq);
    }

    /** Lowest pending stream sequence with its entry, or {@code null}. */
    Map.Entry<Long, Pending> first() {
        return pending.firstEntry();
    }

    /** All pending entries in stream order (read-only use). */
    Iterable<Map.Entry<Long, Pending>> entries() {
        return pending.entrySet();
    }

    /** Records a delivery (first or repeated). */
    void delivered(long streamSeq, long consumerSeq, long wallNanos, long deadline, long deliveryCount) {
        Pending p = pending.get(streamSeq);
        if (p == null) {
            pending.put(streamSeq, new Pending(consumerSeq, wallNanos, deadline));
        } else {
            p.consumerSeq = consumerSeq;
            p.deliveredNanos = wallNanos;
            p.deadline = deadline;
        }
        if (deliveryCount > 1) {
            deliveries.put(streamSeq, deliveryCount);
        }
    }

    /** Forgets a message entirely (acked or terminated); {@code true} if it was pending. */
    boolean remove(long streamSeq) {
        deliveries.remove(streamSeq);
        redeliver.remove(streamSeq);
        return pending.remove(streamSeq) != null;
    }

    /** Stops waiting for an ack but keeps the delivery count (max deliveries reached). */
    void giveUp(long streamSeq) {
        redeliver.remove(streamSeq);
        pending.remove(streamSeq);
    }

    /** Removes and returns every pending sequence {@code <= upTo} (ack all). */
    List<Long> removeUpTo(long upTo) {
        List<Long> out = new ArrayList<>(pending.headMap(upTo, true).keySet());
        for (long s : out) {
            remove(s);
        }
        return out;
    }

    long deliveryCount(long streamSeq) {
        return deliveries.getOrDefault(streamSeq, 1L);
    }

    int redeliveredCount() {
        return deliveries.size();
    }

    Map<Long, Long> deliveryCounts() {
        return deliveries;
    }

    void restoreDeliveryCount(long streamSeq, long count) {
        if (count > 1) {
            deliveries.put(streamSeq, count);
        }
    }

    /** Stream sequences, ascending, of pending messages whose ack wait ran out (not already queued). */
    List<Long> expired(long now) {
        List<Long> out = null;
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (p.deadline != Long.MAX_VALUE && p.deadline - now <= 0) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(e.getKey());
            }
        }
        return out == null ? List.of() : out;
    }

    /** Queues one message for redelivery now (NAK). */
    void queueNow(long streamSeq) {
        Pending p = pending.get(streamSeq);
        if (p != null) {
            p.deadline = Long.MAX_VALUE;
            redeliver.add(streamSeq);
        }
    }

    /** The next message to redeliver, without taking it, or {@code 0}. */
    long peekRedelivery() {
        Iterator<Long> it = redeliver.iterator();
        return it.hasNext() ? it.next() : 0;
    }

    void takeRedelivery(long streamSeq) {
        redeliver.remove(streamSeq);
    }

    boolean hasRedeliveries() {
        return !redeliver.isEmpty();
    }

    int redeliveryQueueSize() {
        return redeliver.size();
    }

    /** Drops every pending message for which {@code gone} says the stream no longer has it. */
    int dropMissing(java.util.function.LongPredicate gone) {
        List<Long> missing = new ArrayList<>();
        for (long s : pending.keySet()) {
            if (gone.test(s)) {
                missing.add(s);
            }
        }
        missing.forEach(this::remove);
        return missing.size();
    }
}
