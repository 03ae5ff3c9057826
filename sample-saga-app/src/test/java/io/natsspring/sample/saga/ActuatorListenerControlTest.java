package io.natsspring.sample.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.sample.saga.support.SagaApplicationTest;
import io.natsspring.sample.saga.support.SagaHttpClient.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16, point 7, over HTTP as an operator uses it: listener ids work in URLs as they are, JetStream listeners show
 * their stream, durable and filter, an unknown listener is a 404 and an unknown action a 400.
 */
class ActuatorListenerControlTest extends SagaApplicationTest {

    private static final String PAYMENTS = "PaymentService.onOrderCreated";

    @Test
    void listenersAreListedWithTheirConsumerAndControlledByIdWithHonestStatusCodes() {
        Response all = http.get("/actuator/nats");
        assertThat(all.status()).isEqualTo(200);
        List<JsonNode> listeners = new ArrayList<>();
        all.body().get("listeners").forEach(listeners::add);
        assertThat(listeners).allSatisfy(l -> assertThat(l.get("id").asString()).matches("[A-Za-z0-9._~-]+"));
        JsonNode payments = listeners.stream()
                .filter(l -> PAYMENTS.equals(l.get("id").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no listener " + PAYMENTS + " in " + all.body()));
        assertThat(payments.get("kind").asString()).isEqualTo("jetstream");
        assertThat(payments.get("stream").asString()).isEqualTo("SAGA");
        assertThat(payments.get("durable").asString()).isEqualTo("payment-service-order-created");
        assertThat(payments.get("filterSubjects").get(0).asString()).isEqualTo("orders.created");
        assertThat(payments.get("consuming").asBoolean()).isTrue();

        Response paused = http.post("/actuator/nats/" + PAYMENTS, "{\"action\":\"pause\"}", null);
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().get("paused").asBoolean()).isTrue();
        Response resumed = http.post("/actuator/nats/" + PAYMENTS, "{\"action\":\"resume\"}", null);
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.body().get("paused").asBoolean()).isFalse();

        assertThat(http.post("/actuator/nats/NoSuchListener.nothing", "{\"action\":\"pause\"}", null)
                        .status())
                .isEqualTo(404);
        assertThat(http.post("/actuator/nats/" + PAYMENTS, "{\"action\":\"explode\"}", null)
                        .status())
                .isEqualTo(400);
    }
}
