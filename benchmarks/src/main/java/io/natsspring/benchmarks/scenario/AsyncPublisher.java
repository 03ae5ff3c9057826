package io.natsspring.benchmarks.scenario;

import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.natsspring.benchmarks.verify.Expectations;
import io.natsspring.benchmarks.verify.SequenceTracker;
import io.natsspring.benchmarks.verify.VerificationException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes to a fresh stream with a window of outstanding acks: once the window is full the publisher waits for
 * the oldest ack. Verifies that the stream acked each message once, with sequences 1..n in publish order.
 */
final class AsyncPublisher {

    private final JetStream js;
    private final int window;

    AsyncPublisher(JetStream js, int window) {
        this.js = js;
        this.window = window;
    }

    /** Publishes to {@code stream} until the budget is spent and every ack is in; returns the message count. */
    long publish(TemporaryStream stream, Payloads payloads, Budget budget) throws Exception {
        SequenceTracker acks = new SequenceTracker("stream " + stream.name() + " acks");
        ArrayDeque<CompletableFuture<PublishAck>> pending = new ArrayDeque<>(window);
        long n = 0;
        long start = System.nanoTime();
        while (budget.more(n, start)) {
            if (pending.size() >= window) {
                record(stream, pending.poll(), acks);
            }
            pending.add(js.publishAsync(stream.subject(), payloads.stamped(++n)));
        }
        while (!pending.isEmpty()) {
            record(stream, pending.poll(), acks);
        }
        Expectations.eachReceivedAllInOrder(n, List.of(acks));
        return n;
    }

    private static void record(TemporaryStream stream, CompletableFuture<PublishAck> future, SequenceTracker acks)
            throws Exception {
        PublishAck ack;
        try {
            ack = future.get(ScenarioContext.STALL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new VerificationException("no publish ack within " + ScenarioContext.STALL_TIMEOUT);
        }
        if (!stream.name().equals(ack.getStream()) || ack.isDuplicate()) {
            throw new VerificationException(
                    "unexpected ack: stream " + ack.getStream() + ", duplicate " + ack.isDuplicate());
        }
        acks.record(ack.getSeqno());
    }
}
