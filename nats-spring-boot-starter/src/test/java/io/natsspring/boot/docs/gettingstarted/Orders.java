package io.natsspring.boot.docs.gettingstarted;

import io.nats.client.api.PublishAck;
import io.natsspring.boot.template.NatsTemplate;
import org.springframework.stereotype.Service;

@Service
public class Orders {

    private final NatsTemplate nats;

    public Orders(NatsTemplate nats) {
        this.nats = nats;
    }

    /** Stored in the ORDERS stream; the order id is the message id, so a retried publish is not stored twice. */
    public PublishAck place(Order order) {
        return nats.jetStreamPublish("orders.placed", order, order.id());
    }

    /** Request/reply over core NATS; waits up to nats.template.request-timeout (5s). */
    public Quote quote(String sku) {
        return nats.request("pricing.quote", sku, Quote.class);
    }
}
