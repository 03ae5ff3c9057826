package io.natsspring.boot.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.nats.client.impl.Headers;

/**
 * Observation context of an outgoing NATS message. Its carrier is the message's {@link Headers}: a tracing
 * handler writes the trace context (W3C {@code traceparent}) into them, so the receiving side can continue the trace.
 */
public class NatsPublishObservationContext extends SenderContext<Headers> {

    private final String subject;
    private final NatsOperation operation;

    public NatsPublishObservationContext(String subject, Headers headers, NatsOperation operation) {
        super(
                (carrier, key, value) -> {
                    if (carrier != null) {
                        carrier.put(key, value);
                    }
                },
                Kind.PRODUCER);
        this.subject = subject;
        this.operation = operation;
        setCarrier(headers);
        setRemoteServiceName("nats");
    }

    public String getSubject() {
        return subject;
    }

    public NatsOperation getOperation() {
        return operation;
    }
}
