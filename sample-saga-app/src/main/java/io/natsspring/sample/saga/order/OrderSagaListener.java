package io.natsspring.sample.saga.order;

import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.sample.saga.event.InventoryReserved;
import io.natsspring.sample.saga.event.OrderCancelled;
import io.natsspring.sample.saga.event.OrderConfirmed;
import io.natsspring.sample.saga.event.PaymentCompleted;
import io.natsspring.sample.saga.event.PaymentFailed;
import io.natsspring.sample.saga.event.PaymentRefunded;
import io.natsspring.sample.saga.event.SagaEventPublisher;
import io.natsspring.sample.saga.event.SagaSubjects;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Moves orders along as the other services report back: {@code PAID} on {@code payments.completed},
 * {@code RESERVED} then {@code CONFIRMED} on {@code inventory.reserved}, {@code CANCELLED} on {@code payments.failed}
 * and {@code payments.refunded}. A final state is announced on {@code orders.confirmed} / {@code orders.cancelled}.
 *
 * <p>Idempotent: a step already in the order's history changes nothing, and the announcement carries a message id
 * per order and subject, so a redelivered event neither moves the order twice nor announces it twice.
 */
@Component
public class OrderSagaListener {

    private final OrderRepository orders;
    private final SagaEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    public OrderSagaListener(OrderRepository orders, SagaEventPublisher events) {
        this.orders = orders;
        this.events = events;
    }

    @JetStreamConsumer(
            stream = SagaSubjects.STREAM,
            durable = "order-service-payment-completed",
            filterSubject = SagaSubjects.PAYMENTS_COMPLETED,
            maxDeliver = "${saga.listener.max-deliver}",
            concurrency = "${saga.listener.concurrency}",
            deadLetter = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.PAYMENTS_COMPLETED)
    public void onPaymentCompleted(PaymentCompleted event) {
        advance(event.orderId(), OrderStatus.PAID, event.at(), null);
    }

    @JetStreamConsumer(
            stream = SagaSubjects.STREAM,
            durable = "order-service-payment-failed",
            filterSubject = SagaSubjects.PAYMENTS_FAILED,
            maxDeliver = "${saga.listener.max-deliver}",
            concurrency = "${saga.listener.concurrency}",
            deadLetter = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.PAYMENTS_FAILED)
    public void onPaymentFailed(PaymentFailed event) {
        cancel(event.orderId(), event.at(), "payment declined: " + event.reason());
    }

    @JetStreamConsumer(
            stream = SagaSubjects.STREAM,
            durable = "order-service-payment-refunded",
            filterSubject = SagaSubjects.PAYMENTS_REFUNDED,
            maxDeliver = "${saga.listener.max-deliver}",
            concurrency = "${saga.listener.concurrency}",
            deadLetter = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.PAYMENTS_REFUNDED)
    public void onPaymentRefunded(PaymentRefunded event) {
        cancel(event.orderId(), event.at(), event.reason() + " (payment refunded)");
    }

    @JetStreamConsumer(
            stream = SagaSubjects.STREAM,
            durable = "order-service-inventory-reserved",
            filterSubject = SagaSubjects.INVENTORY_RESERVED,
            maxDeliver = "${saga.listener.max-deliver}",
            concurrency = "${saga.listener.concurrency}",
            deadLetter = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.INVENTORY_RESERVED)
    public void onInventoryReserved(InventoryReserved event) {
        advance(event.orderId(), OrderStatus.RESERVED, event.at(), null);
        Instant now = clock.instant();
        Order order = orders.update(event.orderId(), o -> o.advance(OrderStatus.CONFIRMED, now, null))
                .orElseThrow(() -> new UnknownOrderException(event.orderId()));
        if (order.status() == OrderStatus.CONFIRMED) {
            StatusChange confirmed = order.history().get(order.history().size() - 1);
            events.publish(
                    SagaSubjects.ORDERS_CONFIRMED,
                    new OrderConfirmed(order.orderId(), order.customerId(), confirmed.at()));
        }
    }

    private Order advance(String orderId, OrderStatus step, Instant at, String reason) {
        return orders.update(orderId, o -> o.advance(step, at, reason))
                .orElseThrow(() -> new UnknownOrderException(orderId));
    }

    private void cancel(String orderId, Instant at, String reason) {
        Order order = advance(orderId, OrderStatus.CANCELLED, at, reason);
        events.publish(
                SagaSubjects.ORDERS_CANCELLED,
                new OrderCancelled(order.orderId(), order.customerId(), order.reason(), at));
    }
}
