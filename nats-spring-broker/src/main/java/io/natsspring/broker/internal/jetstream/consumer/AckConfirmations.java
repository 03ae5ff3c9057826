package io.natsspring.broker.internal.jetstream.consumer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Group commit for confirmed acknowledgements ({@code ackSync}, the "double ack"): a confirmation may only be sent
 * once the consumer state holding the ack is written, but writing the state file for every ack caps a consumer at
 * one file write per ack. Instead the first confirmed ack queues one flush behind the work already waiting on the
 * consumer thread; every ack handled before that flush runs joins it, and the flush writes each owner's state once,
 * then sends the confirmations of exactly the acks that write contains (an owner whose write failed gets none: its
 * clients time out rather than trust an ack that may be lost). Acks arriving meanwhile queue the next flush. At most
 * {@link #MAX_PENDING} confirmations wait; the one that reaches the bound flushes at once. Consumer thread only.
 *
 * @param <K> the owner of the state written (a consumer)
 */
final class AckConfirmations<K> {

    /** Confirmations waiting for a write, at most. */
    static final int MAX_PENDING = 1024;

    private final Consumer<Runnable> queue;
    private final Predicate<K> write;
    private final Consumer<String> confirm;
    private final Set<K> owners = new LinkedHashSet<>();
    private final List<K> replyOwners = new ArrayList<>();
    private final List<String> replies = new ArrayList<>();
    private boolean flushQueued;
    private boolean held;
    private long writes;

    /**
     * @param queue   runs a task later on the same serial thread, after the tasks already queued
     * @param write   writes an owner's state; {@code false} when it could not be written
     * @param confirm sends the (empty) confirmation to a reply subject
     */
    AckConfirmations(Consumer<Runnable> queue, Predicate<K> write, Consumer<String> confirm) {
        this.queue = queue;
        this.write = write;
        this.confirm = confirm;
    }

    /** An ack of {@code owner}'s, already applied to its state, asked for confirmation on {@code reply}. */
    void add(K owner, String reply) {
        owners.add(owner);
        replyOwners.add(owner);
        replies.add(reply);
        if (replies.size() >= MAX_PENDING) {
            flush();
        } else if (!held && !flushQueued) {
            flushQueued = true;
            queue.accept(() -> {
                flushQueued = false;
                flush();
            });
        }
    }

    /**
     * The caller handles a group of acks in one task and flushes itself at its end ({@link #release}): confirmations
     * added meanwhile queue no flush of their own.
     */
    void hold() {
        held = true;
    }

    /** Ends {@link #hold} and flushes what was added during it. */
    void release() {
        held = false;
        flush();
    }

    /** Writes the owners with waiting confirmations, then confirms the acks whose owner was written. */
    void flush() {
        if (replies.isEmpty()) {
            return;
        }
        Set<K> failed = new LinkedHashSet<>();
        for (K owner : owners) {
            writes++;
            if (!write.test(owner)) {
                failed.add(owner);
            }
        }
        for (int i = 0; i < replies.size(); i++) {
            if (!failed.contains(replyOwners.get(i))) {
                confirm.accept(replies.get(i));
            }
        }
        owners.clear();
        replyOwners.clear();
        replies.clear();
    }

    /** Confirmations waiting for a write. */
    int pending() {
        return replies.size();
    }

    /** State writes done for confirmations so far. */
    long writes() {
        return writes;
    }
}
