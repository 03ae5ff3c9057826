package io.natsspring.test.utils;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Records the messages of a subject from the moment it subscribed; {@link #next(int, Duration)} hands out the next
 * ones in arrival order. Subscribe before the code under test publishes (core NATS keeps nothing for late
 * subscribers). Made by {@link NatsTestUtils#record(Connection, String)}; closing it unsubscribes.
 */
public final class SubjectRecorder implements AutoCloseable {

    private final String subject;
    private final Subscription subscription;

    SubjectRecorder(Connection connection, String subject) {
        this.subject = subject;
        this.subscription = connection.subscribe(subject);
        try {
            // the SUB reaches the server before anything the test publishes next
            connection.flush(Duration.ofSeconds(5));
        } catch (Exception e) {
            subscription.unsubscribe();
            throw new IllegalStateException("Could not subscribe to " + subject, e);
        }
    }

    /** The next message within the timeout; fails with an {@link AssertionError} when none arrives. */
    public Message next(Duration timeout) {
        return next(1, timeout).get(0);
    }

    /**
     * The next {@code count} messages, waiting at most {@code timeout} for all of them; fails with an
     * {@link AssertionError} naming what did arrive when fewer come.
     */
    public List<Message> next(int count, Duration timeout) {
        List<Message> received = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                Message message = left > 0
                        ? subscription.nextMessage(Duration.ofNanos(Math.max(left, TimeUnit.MILLISECONDS.toNanos(1))))
                        : null;
                if (message == null) {
                    throw new AssertionError("Expected " + count + " message(s) on '" + subject + "' within " + timeout
                            + ", received " + received.size() + ": " + NatsTestUtils.describe(received));
                }
                received.add(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for messages on '" + subject + "'", e);
        }
        return received;
    }

    /** Asserts that no message arrives within {@code quietPeriod}, e.g. after a filter should have dropped one. */
    public void expectNone(Duration quietPeriod) {
        try {
            Message message = subscription.nextMessage(quietPeriod);
            if (message != null) {
                throw new AssertionError("Expected no message on '" + subject + "' within " + quietPeriod
                        + ", received " + NatsTestUtils.describe(List.of(message)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while watching '" + subject + "'", e);
        }
    }

    /** Unsubscribes. */
    @Override
    public void close() {
        if (subscription.isActive()) {
            subscription.unsubscribe();
        }
    }
}
