package io.natsspring.sample.saga.order;

import io.nats.client.KeyValue;
import io.natsspring.sample.saga.kv.JsonBucket;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders in the Key-Value bucket {@code orders}, one entry per order id. The bucket is the single source of truth
 * every instance of the service shares; each change is a compare-and-set on the entry's revision.
 */
@Repository
public class OrderRepository {

    /** Name of the bucket, declared in {@code application.yml}. */
    public static final String BUCKET = "orders";

    private final JsonBucket<Order> orders;

    public OrderRepository(@Qualifier(BUCKET) KeyValue bucket, JsonMapper json) {
        this.orders = new JsonBucket<>(bucket, json, Order.class);
    }

    /** Stores a new order; {@code false} when an order with its id exists already. */
    public boolean create(Order order) {
        return orders.create(order.orderId(), order);
    }

    public Optional<Order> find(String orderId) {
        return orders.find(orderId);
    }

    /** Applies {@code change} atomically; empty when there is no such order. */
    public Optional<Order> update(String orderId, UnaryOperator<Order> change) {
        return orders.update(orderId, change);
    }

    /** The most recent orders first, at most {@code limit}. */
    public List<Order> recent(int limit) {
        return orders.keys().stream()
                .map(orders::find)
                .flatMap(Optional::stream)
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(Order::createdAt).reversed())
                .limit(limit)
                .toList();
    }
}
