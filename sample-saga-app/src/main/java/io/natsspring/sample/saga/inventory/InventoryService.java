package io.natsspring.sample.saga.inventory;

import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.sample.saga.UnavailableRetry;
import io.natsspring.sample.saga.event.InventoryFailed;
import io.natsspring.sample.saga.event.InventoryReserved;
import io.natsspring.sample.saga.event.OrderItem;
import io.natsspring.sample.saga.event.PaymentCompleted;
import io.natsspring.sample.saga.event.SagaEventPublisher;
import io.natsspring.sample.saga.event.SagaSubjects;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Reserves the items of paid orders. All or nothing: when one item is short, the items already taken are given
 * back and the order fails with the reason, which makes the payment service refund it.
 *
 * <p>Idempotent: the outcome is recorded per order, and a redelivered event publishes the recorded outcome again
 * (the stream drops the copy) without touching the stock. (A crash after taking stock and before recording the
 * outcome would hold those units back; a production service would record the reservation first, in a store with
 * transactions or an outbox.)
 */
@Service
public class InventoryService {

    private final StockRepository stock;
    private final ReservationRepository reservations;
    private final SagaEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    public InventoryService(StockRepository stock, ReservationRepository reservations, SagaEventPublisher events) {
        this.stock = stock;
        this.reservations = reservations;
        this.events = events;
    }

    @JetStreamConsumer(
            stream = SagaSubjects.STREAM,
            durable = "inventory-service-payment-completed",
            filterSubject = SagaSubjects.PAYMENTS_COMPLETED,
            maxDeliver = "${saga.listener.max-deliver}",
            concurrency = "${saga.listener.concurrency}",
            deadLetter = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.PAYMENTS_COMPLETED)
    public void onPaymentCompleted(PaymentCompleted payment) {
        Reservation outcome = reservations.find(payment.orderId()).orElseGet(() -> reserve(payment));
        if (outcome.status() == ReservationStatus.RESERVED) {
            events.publish(SagaSubjects.INVENTORY_RESERVED, new InventoryReserved(outcome.orderId(), outcome.at()));
        } else {
            events.publish(
                    SagaSubjects.INVENTORY_FAILED,
                    new InventoryFailed(outcome.orderId(), outcome.reason(), outcome.at()));
        }
    }

    private Reservation reserve(PaymentCompleted payment) {
        List<OrderItem> taken = new ArrayList<>();
        String shortage = null;
        for (OrderItem item : payment.items()) {
            if (stock.take(item.sku(), item.quantity())) {
                taken.add(item);
            } else {
                shortage = shortage(item);
                break;
            }
        }
        if (shortage != null) {
            taken.forEach(item -> stock.giveBack(item.sku(), item.quantity()));
        }
        Reservation reservation = shortage == null
                ? new Reservation(payment.orderId(), ReservationStatus.RESERVED, null, clock.instant())
                : new Reservation(payment.orderId(), ReservationStatus.FAILED, shortage, clock.instant());
        return UnavailableRetry.retry(
                "the reservation of " + payment.orderId(), () -> reservations.createOrGet(reservation));
    }

    private String shortage(OrderItem item) {
        return stock.available(item.sku())
                .map(available -> "insufficient stock for " + item.sku() + ": " + item.quantity() + " requested, "
                        + available + " available")
                .orElse("unknown SKU " + item.sku());
    }
}
