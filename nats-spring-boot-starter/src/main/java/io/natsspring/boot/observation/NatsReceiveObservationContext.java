package io.natsspring.boot.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.nats.client.Message;

/**
 * Observation context of a received NATS message being processed by a listener. A tracing handler reads the
 * trace context (W3C {@code traceparent}) from the message headers, so the listener's span continues the
 * publisher's trace. Create observations with {@link NatsObservations#receive}.
 */
public class NatsReceiveObservationContext extends ReceiverContext<Message> {

    private final String listenerId;

    public NatsReceiveObservationContext(Message message, String listenerId) {
        super(
                (carrier, key) -> carrier.getHeaders() == null
                        ? null
                        : carrier.getHeaders().getFirst(key),
                Kind.CONSUMER);
        this.listenerId = listenerId;
        setCarrier(message);
        setRemoteServiceName("nats");
    }

    public Message getMessage() {
        return getCarrier();
    }

    public String getListenerId() {
        return listenerId;
    }
}
