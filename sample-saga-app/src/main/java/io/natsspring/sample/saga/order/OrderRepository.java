package io.natsspring.sample.saga.order;

import io.natsspring.kv.core.KeyValueKeyExistsException;
import io.natsspring.kv.core.KeyValueKeyNotFoundException;
import io.natsspring.kv.core.KeyValueOperations;
import io.natsspring.kv.core.KeyValueTemplates;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;

/**
 * Orders in the Key-Value bucket {@code orders}, one entry per order id. The bucket is the single source of truth
 * every instance of the service shares; each change is a compare-and-set on the entry's revision.
 */
@Repository
public class OrderRepository {

    /** Name of the bucket, declared in {@code application.yml}. */
    public static final String BUCKET = "orders";

    private final KeyValueOperations<Order> orders;

    /** The repository of the bucket, values read and written as JSON by the application's converter. */
    @Autowired
    public OrderRepository(KeyValueTemplates templates) {
        this(templates.forBucket(BUCKET, Order.class));
    }

    /** The repository over {@code orders} (tests). */
    protected OrderRepository(KeyValueOperations<Order> orders) {
        this.orders = orders;
    }

    /** Stores a new order; {@code false} when an order with its id exists already. */
    public boolean create(Order order) {
        try {
            orders.create(order.orderId(), order);
            return true;
        } catch (KeyValueKeyExistsException exists) {
            return false;
        }
    }

    public Optional<Order> find(String orderId) {
        return orders.get(orderId);
    }

    /** Applies {@code change} atomically; empty when there is no such order. */
    public Optional<Order> update(String orderId, UnaryOperator<Order> change) {
        try {
            return Optional.of(orders.update(orderId, change)); // compare-and-set, retried on conflicts
        } catch (KeyValueKeyNotFoundException absent) {
            return Optional.empty();
        }
    }

    /** The most recent orders first, at most {@code limit}. */
    public List<Order> recent(int limit) {
        return orders.keys().stream()
                .map(orders::get)
                .flatMap(Optional::stream)
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(Order::createdAt).reversed())
                .limit(limit)
                .toList();
    }
}
