package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.natsspring.annotation.NatsListener;
// end::snippet[]

class Placeholders {

    // tag::snippet[]
    @NatsListener(subject = {"${orders.subject}", "#{'audit.' + '>'}"}, id = "${orders.listener-id}",
            queue = "${orders.queue:}", concurrency = "${orders.concurrency:4}")
    void onOrder(Order order) {
    }
    // end::snippet[]
}
