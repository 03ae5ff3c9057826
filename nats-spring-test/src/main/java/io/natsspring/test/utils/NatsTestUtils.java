package io.natsspring.test.utils;

import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Test helpers on a jnats {@link Connection}, in the spirit of spring-kafka's {@code KafkaTestUtils}: receive the
 * messages of a subject or of a stream with a timeout, wait until a consumer has nothing left to deliver or
 * acknowledge, and read a Key-Value entry once it is there. Each fails with an {@link AssertionError} that says what
 * it waited for and what it saw.
 */
public final class NatsTestUtils {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private NatsTestUtils() {}

    /**
     * Subscribes to {@code subject} (wildcards allowed) now; the recorder's {@code next(count, timeout)} returns
     * what is published from now on.
     */
    public static SubjectRecorder record(Connection connection, String subject) {
        return new SubjectRecorder(connection, subject);
    }

    /** The first {@code count} messages stored in {@code stream}. */
    public static List<Message> streamMessages(Connection connection, String stream, int count, Duration timeout) {
        return streamMessages(connection, stream, null, 1, count, timeout);
    }

    /** The first {@code count} messages of {@code stream} on {@code filterSubject} (wildcards allowed). */
    public static List<Message> streamMessages(
            Connection connection, String stream, String filterSubject, int count, Duration timeout) {
        return streamMessages(connection, stream, filterSubject, 1, count, timeout);
    }

    /**
     * The {@code count} messages of {@code stream} from sequence {@code fromSequence} on, on {@code filterSubject}
     * ({@code null} for all), waiting up to {@code timeout} for ones not stored yet. Reads with an ordered consumer
     * (no acks, nothing left behind on the server), so it does not disturb the application's consumers.
     */
    public static List<Message> streamMessages(
            Connection connection,
            String stream,
            String filterSubject,
            long fromSequence,
            int count,
            Duration timeout) {
        OrderedConsumerConfiguration config = new OrderedConsumerConfiguration();
        if (fromSequence > 1) {
            config.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(fromSequence);
        } else {
            config.deliverPolicy(DeliverPolicy.All);
        }
        if (filterSubject != null) {
            config.filterSubject(filterSubject);
        }
        String what = "stream '" + stream + "'" + (filterSubject == null ? "" : " on '" + filterSubject + "'");
        List<Message> received = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            OrderedConsumerContext consumer =
                    connection.getStreamContext(stream).createOrderedConsumer(config);
            try (IterableConsumer messages = consumer.iterate()) {
                while (received.size() < count) {
                    long left = deadline - System.nanoTime();
                    Message message = left > 0 ? messages.nextMessage(Duration.ofNanos(left)) : null;
                    if (message == null) {
                        throw new AssertionError("Expected " + count + " message(s) in " + what + " within " + timeout
                                + ", received " + received.size() + ": " + describe(received));
                    }
                    received.add(message);
                }
            }
        } catch (IOException | JetStreamApiException e) {
            throw new AssertionError("Could not read " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while reading " + what, e);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("Could not read " + what + ": " + e, e);
        }
        return received;
    }

    /**
     * Waits until the consumer has delivered everything ({@code num_pending} 0) and everything delivered is
     * acknowledged ({@code num_ack_pending} 0), and returns its info.
     */
    public static ConsumerInfo awaitConsumerDrained(
            Connection connection, String stream, String consumer, Duration timeout) {
        AtomicReference<Object> last = new AtomicReference<>("no answer yet");
        try {
            return Awaitility.await()
                    .atMost(timeout)
                    .pollInterval(POLL_INTERVAL)
                    .pollDelay(Duration.ZERO)
                    .until(
                            () -> {
                                try {
                                    ConsumerInfo info =
                                            connection.jetStreamManagement().getConsumerInfo(stream, consumer);
                                    last.set("num_pending=" + info.getNumPending() + ", num_ack_pending="
                                            + info.getNumAckPending());
                                    return info;
                                } catch (JetStreamApiException e) {
                                    last.set(e.getMessage());
                                    return null;
                                }
                            },
                            info -> info != null && info.getNumPending() == 0 && info.getNumAckPending() == 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "Consumer '" + consumer + "' of stream '" + stream + "' not drained within " + timeout + ": "
                            + last.get(),
                    e);
        }
    }

    /** The entry of {@code key} in {@code bucket} once it exists (and is not deleted). */
    public static KeyValueEntry awaitKeyValue(Connection connection, String bucket, String key, Duration timeout) {
        return awaitKeyValue(connection, bucket, key, entry -> true, timeout);
    }

    /** The entry of {@code key} in {@code bucket} once it exists and matches {@code condition}. */
    public static KeyValueEntry awaitKeyValue(
            Connection connection, String bucket, String key, Predicate<KeyValueEntry> condition, Duration timeout) {
        AtomicReference<Object> last = new AtomicReference<>("no entry");
        try {
            return Awaitility.await()
                    .atMost(timeout)
                    .pollInterval(POLL_INTERVAL)
                    .pollDelay(Duration.ZERO)
                    .until(
                            () -> {
                                try {
                                    KeyValue kv = connection.keyValue(bucket);
                                    KeyValueEntry entry = kv.get(key);
                                    last.set(
                                            entry == null
                                                    ? "no entry"
                                                    : "revision " + entry.getRevision() + " = '"
                                                            + entry.getValueAsString() + "'");
                                    return entry;
                                } catch (JetStreamApiException e) {
                                    last.set(e.getMessage());
                                    return null;
                                }
                            },
                            entry -> entry != null && condition.test(entry));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "Key '" + key + "' of bucket '" + bucket + "' not as expected within " + timeout + ": "
                            + last.get(),
                    e);
        }
    }

    /** The value of {@code key} in {@code bucket} as UTF-8 once it exists. */
    public static String awaitKeyValueString(Connection connection, String bucket, String key, Duration timeout) {
        return awaitKeyValue(connection, bucket, key, timeout).getValueAsString();
    }

    static String describe(List<Message> messages) {
        return messages.stream()
                .map(m -> m.getSubject() + " '" + preview(m.getData()) + "'")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String preview(byte[] data) {
        String text = data == null ? "" : new String(data, StandardCharsets.UTF_8);
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
