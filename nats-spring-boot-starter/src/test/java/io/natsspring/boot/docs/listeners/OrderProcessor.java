package io.natsspring.boot.docs.listeners;

import io.natsspring.annotation.JetStreamConsumer;

class OrderProcessor {

    // tag::snippet[]
    @JetStreamConsumer(stream = "ORDERS", durable = "processor")   // binds: filter, max-deliver and backoff from the YAML
    void process(Order order) {
        // …
    }
    // end::snippet[]
}
