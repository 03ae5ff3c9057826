package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link AckConfirmations}: confirmations only after the write holding their ack, acks handled before the queued
 * flush share one write, a failed write confirms nothing of its owner, and the number waiting stays bounded.
 */
class AckConfirmationsTest {

    /** A serial thread driven by hand, a state per owner (acks applied, acks written) and the confirmations sent. */
    private final Queue<Runnable> thread = new ArrayDeque<>();

    private final Map<String, Integer> applied = new HashMap<>();
    private final Map<String, Integer> written = new HashMap<>();
    private final Set<String> failing = new HashSet<>();
    private final List<String> events = new ArrayList<>();
    private final AckConfirmations<String> confirmations =
            new AckConfirmations<>(thread::add, this::write, this::confirm);

    private boolean write(String owner) {
        if (failing.contains(owner)) {
            events.add("failed " + owner);
            return false;
        }
        written.put(owner, applied.getOrDefault(owner, 0));
        events.add("write " + owner);
        return true;
    }

    private void confirm(String reply) {
        String owner = reply.substring(0, reply.indexOf('.'));
        int ack = Integer.parseInt(reply.substring(reply.indexOf('.') + 1));
        // the durability guarantee: a confirmed ack is in the written state
        assertThat(written.getOrDefault(owner, 0)).as(reply).isGreaterThanOrEqualTo(ack);
        events.add("confirm " + reply);
    }

    /** One ack task: applies the ack to the owner's state, then asks for its confirmation. */
    private void ack(String owner) {
        int n = applied.merge(owner, 1, Integer::sum);
        confirmations.add(owner, owner + "." + n);
    }

    private void runQueued() {
        for (Runnable r; (r = thread.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void acksHandledBeforeTheFlushShareOneWriteAndAreConfirmedAfterItInOrder() {
        thread.add(() -> ack("a"));
        thread.add(() -> ack("a"));
        thread.add(() -> ack("b"));
        thread.add(() -> ack("a"));
        runQueued();

        assertThat(events)
                .containsExactly("write a", "write b", "confirm a.1", "confirm a.2", "confirm b.1", "confirm a.3");
        assertThat(confirmations.writes()).isEqualTo(2);
        assertThat(confirmations.pending()).isZero();
    }

    @Test
    void nothingIsConfirmedBeforeTheQueuedFlushRuns() {
        ack("a");
        ack("a");

        assertThat(events).isEmpty();
        assertThat(confirmations.pending()).isEqualTo(2);
        assertThat(thread).hasSize(1);

        runQueued();
        assertThat(events).containsExactly("write a", "confirm a.1", "confirm a.2");
    }

    @Test
    void acksArrivingAfterTheFlushWasQueuedButBeforeItRanJoinItLaterOnesGetTheNext() {
        ack("a");
        thread.add(() -> ack("a")); // arrives while the flush waits: runs after it
        Runnable flush = thread.poll();
        ack("a"); // handled before the flush ran: joins it
        flush.run();
        assertThat(events).containsExactly("write a", "confirm a.1", "confirm a.2");

        runQueued(); // the ack queued behind the first flush queues the second
        assertThat(events).containsExactly("write a", "confirm a.1", "confirm a.2", "write a", "confirm a.3");
        assertThat(confirmations.writes()).isEqualTo(2);
    }

    @Test
    void aFailedWriteConfirmsNoneOfItsOwnersAcksButOthersStillAre() {
        failing.add("a");
        ack("a");
        ack("b");
        runQueued();

        assertThat(events).containsExactly("failed a", "write b", "confirm b.1");
        assertThat(confirmations.pending()).isZero();

        failing.clear();
        ack("a");
        runQueued();
        assertThat(events).endsWith("write a", "confirm a.2");
    }

    @Test
    void theBoundFlushesAtOnceWithoutWaitingForTheQueuedFlush() {
        for (int i = 0; i < AckConfirmations.MAX_PENDING; i++) {
            ack("a");
            assertThat(confirmations.pending()).isLessThan(AckConfirmations.MAX_PENDING);
        }
        assertThat(events).hasSize(1 + AckConfirmations.MAX_PENDING);
        assertThat(events.get(0)).isEqualTo("write a");

        runQueued(); // the flush queued by the first ack finds nothing left
        assertThat(confirmations.writes()).isEqualTo(1);
    }

    @Test
    void anExplicitFlushWithNothingWaitingWritesNothing() {
        confirmations.flush();
        assertThat(events).isEmpty();
        assertThat(confirmations.writes()).isZero();
    }

    @Test
    void aHeldGroupQueuesNoFlushAndIsWrittenOnceAtRelease() {
        confirmations.hold();
        ack("a");
        ack("b");
        ack("a");
        assertThat(thread).isEmpty();
        assertThat(events).isEmpty();

        confirmations.release();
        assertThat(events).containsExactly("write a", "write b", "confirm a.1", "confirm b.1", "confirm a.2");
        assertThat(confirmations.writes()).isEqualTo(2);

        ack("a"); // outside a held group: the flush is queued again
        assertThat(thread).hasSize(1);
    }
}
