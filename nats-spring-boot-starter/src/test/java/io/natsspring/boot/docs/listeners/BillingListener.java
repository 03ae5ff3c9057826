package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.natsspring.annotation.JetStreamConsumer;
// end::snippet[]

class BillingListener {

    private final BillingService billing;

    BillingListener(BillingService billing) {
        this.billing = billing;
    }

    // tag::snippet[]
    @JetStreamConsumer(stream = "ORDERS", durable = "billing", filterSubject = "orders.created",
            maxDeliver = "5", backoff = {"1s", "5s", "30s"}, deadLetter = "dlq.orders")
    void bill(Order order) {          // return = ack, exception = nak with backoff, … see the table below
        billing.charge(order);
    }
    // end::snippet[]
}
