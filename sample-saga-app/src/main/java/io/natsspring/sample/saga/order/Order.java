package io.natsspring.sample.saga.order;

import io.natsspring.sample.saga.event.OrderItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An order as stored in the {@code orders} bucket and shown by {@code GET /orders/{id}}.
 *
 * <p>Events may arrive in any order (each is read by its own consumer), so the history is kept sorted by step, not
 * by arrival, each step stamped with the time of the event that caused it; the status is the furthest step reached.
 * Reaching a step twice changes nothing, which makes every handler that advances an order idempotent.
 */
public record Order(
        String orderId,
        String customerId,
        List<OrderItem> items,
        BigDecimal amount,
        OrderStatus status,
        String reason,
        List<StatusChange> history,
        Instant createdAt) {

    /** A new order, {@code PENDING}. */
    public static Order pending(
            String orderId, String customerId, List<OrderItem> items, BigDecimal amount, Instant now) {
        return new Order(
                orderId,
                customerId,
                List.copyOf(items),
                amount,
                OrderStatus.PENDING,
                null,
                List.of(new StatusChange(OrderStatus.PENDING, now)),
                now);
    }

    /** Whether the order has been through {@code step}. */
    public boolean reached(OrderStatus step) {
        return history.stream().anyMatch(change -> change.status() == step);
    }

    /**
     * The order once {@code step} happened at {@code at}; this same instance when it had already happened.
     *
     * @param reason why, for {@code CANCELLED}; otherwise {@code null}
     */
    public Order advance(OrderStatus step, Instant at, String reason) {
        if (reached(step)) {
            return this;
        }
        List<StatusChange> changed = new ArrayList<>(history);
        changed.add(new StatusChange(step, at));
        changed.sort(Comparator.comparing(StatusChange::status));
        OrderStatus furthest = changed.get(changed.size() - 1).status();
        return new Order(
                orderId,
                customerId,
                items,
                amount,
                furthest,
                reason != null ? reason : this.reason,
                List.copyOf(changed),
                createdAt);
    }
}
