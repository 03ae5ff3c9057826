package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.nats.client.impl.NatsJetStreamMetaData;          // jnats' class (package io.nats.client.impl)
import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.annotation.jetstream.Acknowledgment;
import io.natsspring.annotation.support.NatsMessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
// end::snippet[]

class JetStreamAudit {

    // tag::snippet[]
    @JetStreamConsumer(stream = "ORDERS", durable = "audit")
    void audit(Order order, NatsJetStreamMetaData meta,                     // stream, consumer, sequences, pending, timestamp
            @Header(NatsMessageHeaders.DELIVERED_COUNT) long deliveries,
            @Header(NatsMessageHeaders.STREAM_SEQUENCE) long sequence,
            Acknowledgment ack) {
        ack.ack();
    }
    // end::snippet[]
}
