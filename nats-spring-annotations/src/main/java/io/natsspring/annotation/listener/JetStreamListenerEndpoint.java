package io.natsspring.annotation.listener;

import io.nats.client.api.DeliverPolicy;
import io.natsspring.annotation.AckMode;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MimeType;

/**
 * A resolved {@code @JetStreamConsumer}: placeholders and SpEL already evaluated.
 *
 * @param stream the stream, or empty to look it up by the single filter subject when the container starts
 * @param durable the durable consumer name, or null for an ephemeral consumer
 * @param ackWait the ack wait to configure, or null for the server default
 * @param maxDeliver maximum deliveries, {@code -1} for unlimited, or null when the annotation leaves it unset
 * @param backoff redelivery delays set on the annotation, empty when unset
 * @param maxAckPending maximum unacknowledged messages, {@code -1} for the server default
 * @param batchSize messages per pull request
 * @param deadLetter the dead-letter subject, or null
 */
public record JetStreamListenerEndpoint(
        String id,
        String stream,
        @Nullable String durable,
        List<String> filterSubjects,
        DeliverPolicy deliverPolicy,
        @Nullable Duration ackWait,
        @Nullable Long maxDeliver,
        List<Duration> backoff,
        long maxAckPending,
        int concurrency,
        int batchSize,
        boolean ordered,
        boolean pull,
        boolean create,
        AckMode ackMode,
        @Nullable String deadLetter,
        boolean autoStartup,
        NatsListenerErrorHandler errorHandler,
        @Nullable MimeType contentType,
        Object bean,
        Method method) {

    public JetStreamListenerEndpoint {
        filterSubjects = List.copyOf(filterSubjects);
        backoff = List.copyOf(backoff);
        if (stream.isBlank() && filterSubjects.size() != 1) {
            throw new IllegalArgumentException(
                    "@JetStreamConsumer '" + id + "' names no stream and no single filter " + "subject to find it by");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("@JetStreamConsumer '" + id + "' concurrency must be >= 1");
        }
        if (ordered && concurrency != 1) {
            throw new IllegalArgumentException("@JetStreamConsumer '" + id + "' is ordered: concurrency must be 1");
        }
        if (!create && durable == null && !ordered) {
            throw new IllegalArgumentException(
                    "@JetStreamConsumer '" + id + "' binds (create = false) but names no " + "durable consumer");
        }
        if (!backoff.isEmpty() && maxDeliver != null && maxDeliver > 0 && maxDeliver <= backoff.size()) {
            throw new IllegalArgumentException("@JetStreamConsumer '" + id + "': maxDeliver (" + maxDeliver
                    + ") must exceed the number of backoff delays (" + backoff.size() + ")");
        }
    }

    /** Where the listener is declared, for messages: {@code BeanClass#method}. */
    public String location() {
        return org.springframework.util.ClassUtils.getUserClass(bean).getSimpleName() + "#" + method.getName();
    }

    /** A copy bound to {@code resolvedStream}. */
    public JetStreamListenerEndpoint withStream(String resolvedStream) {
        return new JetStreamListenerEndpoint(
                id,
                resolvedStream,
                durable,
                filterSubjects,
                deliverPolicy,
                ackWait,
                maxDeliver,
                backoff,
                maxAckPending,
                concurrency,
                batchSize,
                ordered,
                pull,
                create,
                ackMode,
                deadLetter,
                autoStartup,
                errorHandler,
                contentType,
                bean,
                method);
    }
}
