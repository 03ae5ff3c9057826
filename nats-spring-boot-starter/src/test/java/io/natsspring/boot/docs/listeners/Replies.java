package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.natsspring.annotation.NatsListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.support.MessageBuilder;

import java.util.concurrent.CompletableFuture;
// end::snippet[]

class Replies {

    private final PricingService pricing;

    Replies(PricingService pricing) {
        this.pricing = pricing;
    }

    // tag::snippet[]
    @NatsListener("orders.price")
    CompletableFuture<Price> price(PriceQuery query) { return pricing.quote(query); }

    @NatsListener("orders.created")
    @SendTo("orders.enriched")
    EnrichedOrder enrich(Order order) { return new EnrichedOrder(order, "c-1"); }

    @NatsListener("orders.status")
    Message<Status> status(String id) {
        return MessageBuilder.withPayload(lookup(id)).setHeader("X-Cache", "hit").build();
    }
    // end::snippet[]

    private Status lookup(String id) {
        return new Status(id, "shipped");
    }
}
