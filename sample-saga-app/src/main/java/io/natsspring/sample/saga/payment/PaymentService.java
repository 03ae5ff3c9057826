package io.natsspring.sample.saga.payment;

import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.sample.saga.UnavailableRetry;
import io.natsspring.sample.saga.event.InventoryFailed;
import io.natsspring.sample.saga.event.OrderCreated;
import io.natsspring.sample.saga.event.PaymentCompleted;
import io.natsspring.sample.saga.event.PaymentFailed;
import io.natsspring.sample.saga.event.PaymentRefunded;
import io.natsspring.sample.saga.event.SagaEventPublisher;
import io.natsspring.sample.saga.event.SagaSubjects;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Service;

/**
 * Charges new orders and refunds the ones the inventory could not fulfil.
 *
 * <p>Idempotent: the first delivery of {@code orders.created} stores the payment's outcome in the {@code payments}
 * bucket; a redelivery finds it and publishes the same outcome again (the stream drops the copy) without charging.
 * A refund is recorded with compare-and-set, so a redelivered {@code inventory.failed} does not refund twice. The
 * outcome of a charge or refund is recorded with {@link UnavailableRetry}: while a bucket has no leader (a cluster
 * node died) the write is retried rather than the event redelivered, which would charge again.
 */
@Service
public class PaymentService {

    private static final Log log = LogFactory.getLog(PaymentService.class);

    private final PaymentGateway gateway;
    private final PaymentRepository payments;
    private final SagaEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    public PaymentService(PaymentGateway gateway, PaymentRepository payments, SagaEventPublisher events) {
        this.gateway = gateway;
        this.payments = payments;
        this.events = events;
    }

    @JetStreamConsumer(
            stream = SagaSubjects.STREAM,
            durable = "payment-service-order-created",
            filterSubject = SagaSubjects.ORDERS_CREATED,
            maxDeliver = "${saga.listener.max-deliver}",
            concurrency = "${saga.listener.concurrency}",
            deadLetter = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.ORDERS_CREATED)
    public void onOrderCreated(OrderCreated order) {
        Payment payment = payments.find(order.orderId()).orElseGet(() -> charge(order));
        announce(payment);
    }

    private Payment charge(OrderCreated order) {
        ChargeResult result = gateway.charge(order.orderId(), order.customerId(), order.amount());
        PaymentStatus status = result.approved() ? PaymentStatus.CHARGED : PaymentStatus.DECLINED;
        Payment payment = new Payment(
                order.orderId(),
                order.customerId(),
                order.items(),
                order.amount(),
                status,
                result.reason(),
                clock.instant());
        return UnavailableRetry.retry("the charge of " + order.orderId(), () -> payments.createOrGet(payment));
    }

    private void announce(Payment payment) {
        switch (payment.status()) {
            case CHARGED, REFUNDED ->
                events.publish(
                        SagaSubjects.PAYMENTS_COMPLETED,
                        new PaymentCompleted(
                                payment.orderId(),
                                payment.customerId(),
                                payment.items(),
                                payment.amount(),
                                payment.at()));
            case DECLINED ->
                events.publish(
                        SagaSubjects.PAYMENTS_FAILED,
                        new PaymentFailed(payment.orderId(), payment.reason(), payment.at()));
        }
    }

    @JetStreamConsumer(
            stream = SagaSubjects.STREAM,
            durable = "payment-service-inventory-failed",
            filterSubject = SagaSubjects.INVENTORY_FAILED,
            maxDeliver = "${saga.listener.max-deliver}",
            concurrency = "${saga.listener.concurrency}",
            deadLetter = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.INVENTORY_FAILED)
    public void onInventoryFailed(InventoryFailed failure) {
        Optional<Payment> stored = payments.find(failure.orderId());
        if (stored.isEmpty() || stored.get().status() == PaymentStatus.DECLINED) {
            log.warn("Inventory failed for order " + failure.orderId() + ", which has no charge to refund");
            return;
        }
        if (stored.get().status() == PaymentStatus.CHARGED) {
            gateway.refund(failure.orderId(), stored.get().amount());
        }
        Instant now = clock.instant();
        Payment refunded = UnavailableRetry.retry(
                        "the refund of " + failure.orderId(),
                        () -> payments.update(
                                failure.orderId(),
                                p -> p.status() == PaymentStatus.CHARGED ? p.refunded(failure.reason(), now) : p))
                .orElseThrow();
        events.publish(
                SagaSubjects.PAYMENTS_REFUNDED,
                new PaymentRefunded(refunded.orderId(), refunded.amount(), refunded.reason(), refunded.at()));
    }
}
