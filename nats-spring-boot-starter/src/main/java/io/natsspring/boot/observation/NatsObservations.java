package io.natsspring.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Message;
import io.nats.client.impl.Headers;

/**
 * Factory of NATS observations. The publish side is used by {@code NatsTemplate}; listener containers use
 * {@link #receive} around each message so that the publisher's trace continues:
 *
 * <pre>{@code
 * NatsObservations.receive(message, "orders-listener", registry).observe(() -> handler.onMessage(message));
 * }</pre>
 */
public final class NatsObservations {

    private static final NatsObservationConventions.Publish PUBLISH = new NatsObservationConventions.Publish();
    private static final NatsObservationConventions.Process PROCESS = new NatsObservationConventions.Process();

    private NatsObservations() {}

    /** A not-yet-started observation of an outgoing message; {@code headers} receive the trace context. */
    public static Observation publish(
            String subject, Headers headers, NatsOperation operation, ObservationRegistry registry) {
        return Observation.createNotStarted(
                null, PUBLISH, () -> new NatsPublishObservationContext(subject, headers, operation), registry);
    }

    /** A not-yet-started observation of a listener processing {@code message}; continues the trace in its headers. */
    public static Observation receive(Message message, String listenerId, ObservationRegistry registry) {
        return Observation.createNotStarted(
                null, PROCESS, () -> new NatsReceiveObservationContext(message, listenerId), registry);
    }
}
