package io.natsspring.sample.saga.order;

import io.natsspring.sample.saga.event.OrderCreated;
import io.natsspring.sample.saga.event.OrderItem;
import io.natsspring.sample.saga.event.SagaEventPublisher;
import io.natsspring.sample.saga.event.SagaSubjects;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Places orders. An {@code Idempotency-Key} determines the order id (a name-based UUID), so a retried request finds
 * the order it created before, whichever instance it reaches; the {@code orders.created} event carries the order id
 * as its message id, so a repeated publish is dropped by the stream.
 */
@Service
public class OrderService {

    private final OrderRepository orders;
    private final StockCheckClient stock;
    private final SagaEventPublisher events;
    private final Clock clock;

    public OrderService(OrderRepository orders, StockCheckClient stock, SagaEventPublisher events) {
        this.orders = orders;
        this.stock = stock;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    /**
     * Stores the order as {@code PENDING} and publishes {@code orders.created}; with a known idempotency key, returns
     * the order placed with it instead.
     */
    public OrderAccepted place(PlaceOrderRequest request, String idempotencyKey) {
        String orderId = idempotencyKey == null || idempotencyKey.isBlank()
                ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(("order:" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                        .toString();
        Optional<Order> existing = orders.find(orderId);
        if (existing.isPresent()) {
            return resume(existing.get());
        }
        List<OrderItem> items = request.items().stream()
                .map(line -> new OrderItem(line.sku(), line.quantity()))
                .toList();
        for (int i = 0; i < items.size(); i++) {
            if (stock.isUnknown(items.get(i).sku())) {
                throw new UnknownSkuException(i, items.get(i).sku());
            }
        }
        Order order = Order.pending(orderId, request.customerId(), items, request.amount(), clock.instant());
        if (!orders.create(order)) {
            return resume(orders.find(orderId).orElseThrow());
        }
        publishCreated(order);
        return new OrderAccepted(orderId, order.status());
    }

    /**
     * A repeated request: the order exists. While it is {@code PENDING} the event is published again, in case the
     * first request stored the order but failed before publishing; the stream drops the copy if it had it.
     */
    private OrderAccepted resume(Order order) {
        if (order.status() == OrderStatus.PENDING) {
            publishCreated(order);
        }
        return new OrderAccepted(order.orderId(), order.status());
    }

    private void publishCreated(Order order) {
        events.publish(
                SagaSubjects.ORDERS_CREATED,
                new OrderCreated(order.orderId(), order.customerId(), order.items(), order.amount(), order.createdAt()),
                order.orderId());
    }

    public Order get(String orderId) {
        return orders.find(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
    }

    public List<Order> recent(int limit) {
        return orders.recent(limit);
    }
}
