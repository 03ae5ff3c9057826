package io.natsspring.boot.docs.gettingstarted;

import io.natsspring.annotation.JetStreamConsumer;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

@Component
public class Billing {

    private final List<String> billed = new CopyOnWriteArrayList<>();

    /** Binds to the consumer declared in application.yml (create = false): its filter, max-deliver and backoff apply. */
    @JetStreamConsumer(stream = "ORDERS", durable = "billing", create = false)
    void bill(Order order) {          // returns normally: ack; throws: nak, redelivered after the backoff
        billed.add(order.id());
    }

    public List<String> billed() {
        return billed;
    }
}
