package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.nats.client.Connection;
import io.nats.client.Message;
import io.natsspring.annotation.NatsListener;
import io.natsspring.annotation.listener.NatsServiceException;

import java.time.Duration;
// end::snippet[]

class ServiceErrors {

    private final OrderRepository repository;

    ServiceErrors(OrderRepository repository) {
        this.repository = repository;
    }

    // tag::snippet[]
    @NatsListener("orders.get")
    Order get(String id) {
        return repository.find(id).orElseThrow(() -> new NatsServiceException(404, "no order " + id));
    }
    // end::snippet[]

    String requester(Connection connection) throws InterruptedException {
        // tag::snippet[]
        // requester side, plain jnats:
        Message reply = connection.request("orders.get", "42".getBytes(), Duration.ofSeconds(2));
        String code = reply.getHeaders() == null ? null : reply.getHeaders().getFirst("Nats-Service-Error-Code");
        // end::snippet[]
        return code;
    }
}
