package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.NatsJetStreamMetaData;          // jnats' class (package io.nats.client.impl)
import io.natsspring.annotation.JetStreamConsumer;
// end::snippet[]

class ConsumerKinds {

    // tag::snippet[]
    @JetStreamConsumer(stream = "EVENTS", durable = "projector", pull = false)         // push
    void project(Event event) { }

    @JetStreamConsumer(stream = "EVENTS", ordered = true, deliverPolicy = DeliverPolicy.New)  // ordered, no acks
    void replay(Event event, NatsJetStreamMetaData meta) { }

    @JetStreamConsumer(stream = "EVENTS", durable = "declared-in-yaml", create = false)  // bind only
    void bound(Event event) { }
    // end::snippet[]
}
