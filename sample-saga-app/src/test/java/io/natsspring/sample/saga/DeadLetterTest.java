package io.natsspring.sample.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.natsspring.sample.saga.event.SagaSubjects;
import io.natsspring.sample.saga.support.FlakyPaymentGateway;
import io.natsspring.sample.saga.support.SagaApplicationTest;
import io.natsspring.sample.saga.support.SagaHttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Messages given up on land in the {@code SAGA_DLQ} stream with the reason: a poison message at once, a message whose
 * handler keeps failing after {@code saga.listener.max-deliver} deliveries.
 */
class DeadLetterTest extends SagaApplicationTest {

    @Autowired
    JetStream jetStream;

    @Autowired
    JetStreamManagement jsm;

    @Autowired
    FlakyPaymentGateway gateway;

    @Test
    void anUnreadableOrderCreatedEventIsDeadLettered() throws Exception {
        String deadLetterSubject = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.ORDERS_CREATED;
        jetStream.publish(SagaSubjects.ORDERS_CREATED, "{not json".getBytes(StandardCharsets.UTF_8));

        MessageInfo dead = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> lastMessage("SAGA_DLQ", deadLetterSubject),
                        m -> m != null && new String(m.getData(), StandardCharsets.UTF_8).equals("{not json"));

        assertThat(dead.getHeaders().getFirst("Nats-DLQ-Reason")).isEqualTo("non_retryable");
        assertThat(dead.getHeaders().getFirst("Nats-DLQ-Subject")).isEqualTo(SagaSubjects.ORDERS_CREATED);
        assertThat(dead.getHeaders().getFirst("Nats-DLQ-Stream")).isEqualTo(SagaSubjects.STREAM);
        assertThat(dead.getHeaders().getFirst("Nats-DLQ-Consumer")).isEqualTo("payment-service-order-created");
        assertThat(dead.getHeaders().getFirst("Nats-DLQ-Deliveries")).isEqualTo("1");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(jsm.getConsumerInfo(SagaSubjects.STREAM, "payment-service-order-created")
                                        .getNumAckPending())
                                .as("terminated, not redelivered")
                                .isZero());
    }

    @Test
    void anEventWhoseHandlerKeepsFailingIsDeadLetteredAfterMaxDeliver() {
        http.setStock("BROKEN-1", 10);
        String orderId = http.placeOrder(SagaHttpClient.order("broken-1", "BROKEN-1", 1, "5"), null);
        String deadLetterSubject = SagaSubjects.DEAD_LETTER_PREFIX + SagaSubjects.ORDERS_CREATED;

        MessageInfo dead = await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> lastMessage("SAGA_DLQ", deadLetterSubject),
                        m -> m != null && new String(m.getData(), StandardCharsets.UTF_8).contains(orderId));

        assertThat(dead.getHeaders().getFirst("Nats-DLQ-Reason")).isEqualTo("max_deliveries");
        assertThat(dead.getHeaders().getFirst("Nats-DLQ-Deliveries")).isEqualTo("5");
        assertThat(dead.getHeaders().getFirst("Nats-DLQ-Error")).isEqualTo("simulated payment provider timeout");
        assertThat(gateway.chargeAttempts(orderId)).isEqualTo(5);
        assertThat(http.get("/orders/" + orderId).body().get("status").asString())
                .as("the saga is stuck until someone replays the dead letter")
                .isEqualTo("PENDING");
    }

    private MessageInfo lastMessage(String stream, String subject) {
        try {
            return jsm.getLastMessage(stream, subject);
        } catch (Exception notYet) {
            return null;
        }
    }
}
