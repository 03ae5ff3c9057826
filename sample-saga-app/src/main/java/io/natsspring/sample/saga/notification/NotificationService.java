package io.natsspring.sample.saga.notification;

import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.sample.saga.event.NotificationSent;
import io.natsspring.sample.saga.event.OrderCancelled;
import io.natsspring.sample.saga.event.OrderConfirmed;
import io.natsspring.sample.saga.event.SagaEventPublisher;
import io.natsspring.sample.saga.event.SagaSubjects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Service;

/**
 * Notifies customers of final order states. Idempotent: the outbox holds one notification per order, and
 * {@code notifications.sent} carries a message id per order.
 */
@Service
public class NotificationService {

    private static final Log log = LogFactory.getLog(NotificationService.class);

    private final NotificationOutbox outbox;
    private final SagaEventPublisher events;

    public NotificationService(NotificationOutbox outbox, SagaEventPublisher events) {
        this.outbox = outbox;
        this.events = events;
    }

    @JetStreamConsumer(
            stream = SagaSubjects.STREAM,
            durable = "notification-service-order-confirmed",
            filterSubject = SagaSubjects.ORDERS_CONFIRMED,
            maxDeliver = "${saga.listener.max-deliver}",
            concurrency = "${saga.listener.concurrency}",
            deadLetter = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.ORDERS_CONFIRMED)
    public void onOrderConfirmed(OrderConfirmed order) {
        send(new NotificationSent(
                order.orderId(),
                order.customerId(),
                "CONFIRMED",
                "Your order " + order.orderId() + " is confirmed.",
                order.at()));
    }

    @JetStreamConsumer(
            stream = SagaSubjects.STREAM,
            durable = "notification-service-order-cancelled",
            filterSubject = SagaSubjects.ORDERS_CANCELLED,
            maxDeliver = "${saga.listener.max-deliver}",
            concurrency = "${saga.listener.concurrency}",
            deadLetter = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.ORDERS_CANCELLED)
    public void onOrderCancelled(OrderCancelled order) {
        send(new NotificationSent(
                order.orderId(),
                order.customerId(),
                "CANCELLED",
                "Your order " + order.orderId() + " was cancelled: " + order.reason() + ".",
                order.at()));
    }

    private void send(NotificationSent notification) {
        if (outbox.add(notification)) {
            log.info("To " + notification.customerId() + ": " + notification.message());
        }
        events.publish(SagaSubjects.NOTIFICATIONS_SENT, notification);
    }
}
