package io.natsspring.sample.saga.event;

import io.nats.client.PublishOptions;
import io.natsspring.boot.template.NatsTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes saga events to the {@code SAGA} stream and waits for the stream's acknowledgement. Each order has at most
 * one event per subject, so the message id names both ({@code <orderId>:<subject>}): a handler that runs again after
 * a redelivery may publish its outcome again and the stream drops the copy (within its duplicate window).
 */
@Component
public class SagaEventPublisher {

    private final NatsTemplate nats;

    public SagaEventPublisher(NatsTemplate nats) {
        this.nats = nats;
    }

    /** Publishes with the message id {@code <orderId>:<subject>}. */
    public void publish(String subject, SagaEvent event) {
        publish(subject, event, event.orderId() + ":" + subject);
    }

    /** Publishes with the given message id ({@code orders.created} uses the bare order id). */
    public void publish(String subject, SagaEvent event, String messageId) {
        PublishOptions options = PublishOptions.builder()
                .messageId(messageId)
                .expectedStream(SagaSubjects.STREAM)
                .build();
        nats.jetStreamPublish(subject, event, null, options);
    }
}
