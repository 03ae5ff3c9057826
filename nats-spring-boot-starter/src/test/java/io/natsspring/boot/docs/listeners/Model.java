package io.natsspring.boot.docs.listeners;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Types the listener snippets of docs/listeners.md use. */
record Order(String id, String sku) {
}

record Quote(String symbol, long cents) {

    static Quote unavailable() {
        return new Quote("?", -1);
    }
}

record PriceQuery(String sku) {
}

record Price(String sku, long cents) {
}

record EnrichedOrder(Order order, String customer) {
}

record Status(String id, String state) {
}

record Event(String id, String type) {
}

interface PricingService {
    CompletableFuture<Price> quote(PriceQuery query);
}

interface OrderRepository {
    Optional<Order> find(String id);
}

interface BillingService {
    void charge(Order order);
}

interface FailedMessageRepository {
    void save(String listenerId, byte[] data, String reason);
}

interface Registry {
    List<String> ids();
}
