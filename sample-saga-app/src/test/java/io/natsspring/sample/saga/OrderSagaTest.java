package io.natsspring.sample.saga;

import static io.natsspring.sample.saga.support.SagaHttpClient.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.natsspring.sample.saga.support.FlakyPaymentGateway;
import io.natsspring.sample.saga.support.SagaApplicationTest;
import io.natsspring.sample.saga.support.SagaHttpClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The saga's paths end to end over HTTP: confirmed, declined, compensated, and a retried request. */
class OrderSagaTest extends SagaApplicationTest {

    @Autowired
    FlakyPaymentGateway gateway;

    @Test
    void happyPathConfirmsTheOrderReservesStockAndNotifies() {
        http.setStock("HAPPY-1", 10);
        Response accepted = http.post("/orders", order("c-1", "HAPPY-1", 2, "25.00"), null);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body().get("status").asString()).isEqualTo("PENDING");
        String orderId = accepted.body().get("orderId").asString();

        JsonNode order = http.awaitFinal(orderId);

        assertThat(order.get("orderId").asString()).isEqualTo(orderId);
        assertThat(order.get("customerId").asString()).isEqualTo("c-1");
        assertThat(order.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.get("reason").isNull()).isTrue();
        assertThat(statuses(order)).containsExactly("PENDING", "PAID", "RESERVED", "CONFIRMED");
        assertThat(order.get("history").get(0).get("at").asString()).isNotBlank();
        assertThat(http.available("HAPPY-1")).isEqualTo(8);
        await().atMost(Duration.ofSeconds(5)).until(() -> notificationStatus(orderId), "CONFIRMED"::equals);
        assertThat(gateway.chargeAttempts(orderId)).isEqualTo(1);
        assertThat(gateway.refunds(orderId)).isZero();
    }

    @Test
    void paymentAboveTheLimitIsDeclinedAndTheOrderCancelled() {
        http.setStock("DECLINE-1", 10);
        String orderId = http.placeOrder(order("c-2", "DECLINE-1", 1, "1000.01"), null);

        JsonNode order = http.awaitFinal(orderId);

        assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.get("reason").asString()).contains("declined").contains("exceeds the limit of 1000");
        assertThat(statuses(order)).containsExactly("PENDING", "CANCELLED");
        assertThat(http.available("DECLINE-1")).isEqualTo(10);
        await().atMost(Duration.ofSeconds(5)).until(() -> notificationStatus(orderId), "CANCELLED"::equals);
    }

    @Test
    void blockedCustomerIsDeclined() {
        http.setStock("DECLINE-2", 10);
        String orderId = http.placeOrder(order("blocked-7", "DECLINE-2", 1, "10"), null);

        JsonNode order = http.awaitFinal(orderId);

        assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.get("reason").asString()).contains("customer blocked-7 is blocked");
        assertThat(http.available("DECLINE-2")).isEqualTo(10);
    }

    @Test
    void inventoryShortageRefundsThePaymentAndCancelsTheOrder() {
        http.setStock("SHORT-1", 5);
        http.setStock("SHORT-2", 1);
        String body = "{\"customerId\":\"c-3\",\"items\":[{\"sku\":\"SHORT-1\",\"quantity\":2},"
                + "{\"sku\":\"SHORT-2\",\"quantity\":3}],\"amount\":30}";
        String orderId = http.placeOrder(body, null);

        JsonNode order = http.awaitFinal(orderId);

        assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.get("reason").asString())
                .isEqualTo("insufficient stock for SHORT-2: 3 requested, 1 available (payment refunded)");
        assertThat(statuses(order)).containsExactly("PENDING", "PAID", "CANCELLED");
        assertThat(http.available("SHORT-1"))
                .as("the first item was given back")
                .isEqualTo(5);
        assertThat(http.available("SHORT-2")).isEqualTo(1);
        assertThat(gateway.refunds(orderId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> notificationStatus(orderId), "CANCELLED"::equals);
    }

    @Test
    void repeatedPostWithTheSameIdempotencyKeyRunsOneSaga() {
        http.setStock("IDEM-1", 10);
        String body = order("c-4", "IDEM-1", 3, "12.50");
        List<CompletableFuture<String>> concurrent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            concurrent.add(CompletableFuture.supplyAsync(() -> http.placeOrder(body, "key-idem-1")));
        }
        Set<String> ids =
                Set.copyOf(concurrent.stream().map(CompletableFuture::join).toList());
        assertThat(ids).hasSize(1);
        String orderId = ids.iterator().next();

        assertThat(http.awaitFinal(orderId).get("status").asString()).isEqualTo("CONFIRMED");
        Response again = http.post("/orders", body, "key-idem-1");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().get("orderId").asString()).isEqualTo(orderId);
        assertThat(again.body().get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(http.placeOrder(body, "key-idem-2")).isNotEqualTo(orderId);

        assertThat(gateway.chargeAttempts(orderId)).isEqualTo(1);
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> http.available("IDEM-1"), n -> n == 4); // 3 by the saga of key 1, 3 by key 2
    }

    @Test
    void aHandlerThatFailsOnceIsRedeliveredAndTheSagaCompletes() {
        http.setStock("FLAKY-1", 10);
        String orderId = http.placeOrder(order("flaky-1", "FLAKY-1", 1, "9.99"), null);

        JsonNode order = http.awaitFinal(orderId);

        assertThat(order.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(gateway.chargeAttempts(orderId))
                .as("failed once, then charged")
                .isEqualTo(2);
        assertThat(http.available("FLAKY-1")).isEqualTo(9);
    }

    @Test
    void invalidOrdersAreRefusedWithAProblemDetailNamingTheField() {
        Response blank = http.post("/orders", order("", "SKU-1", 1, "10"), null);
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body().get("detail").asString()).contains("customerId");
        assertThat(blank.body().get("errors").get(0).get("field").asString()).isEqualTo("customerId");

        Response quantity = http.post("/orders", order("c-5", "SKU-1", 0, "10"), null);
        assertThat(quantity.status()).isEqualTo(400);
        assertThat(quantity.body().get("errors").get(0).get("field").asString()).isEqualTo("items[0].quantity");

        Response noItems = http.post("/orders", "{\"customerId\":\"c-5\",\"items\":[],\"amount\":1}", null);
        assertThat(noItems.status()).isEqualTo(400);
        assertThat(noItems.body().get("errors").get(0).get("field").asString()).isEqualTo("items");

        Response wrongType = http.post("/orders", "{\"customerId\":\"c-5\",\"items\":[],\"amount\":\"lots\"}", null);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body().get("errors").get(0).get("field").asString())
                .isEqualTo("amount");

        Response unknownSku = http.post("/orders", order("c-5", "NO-SUCH-SKU", 1, "10"), null);
        assertThat(unknownSku.status()).isEqualTo(400);
        assertThat(unknownSku.body().get("detail").asString()).isEqualTo("items[0].sku: unknown SKU 'NO-SUCH-SKU'");

        assertThat(http.put("/inventory/SKU-1", "{\"available\":-1}").status()).isEqualTo(400);
    }

    @Test
    void unknownOrdersAndSkusAre404AndRecentOrdersAreListed() {
        assertThat(http.get("/orders/no-such-order").status()).isEqualTo(404);
        assertThat(http.get("/inventory/NO-SUCH-SKU").status()).isEqualTo(404);
        assertThat(http.available("SKU-5")).as("seeded").isGreaterThan(0);

        http.setStock("LIST-1", 10);
        String orderId = http.placeOrder(order("c-6", "LIST-1", 1, "1"), null);
        Response recent = http.get("/orders?limit=500");
        assertThat(recent.status()).isEqualTo(200);
        assertThat(StreamSupport.stream(recent.body().spliterator(), false)
                        .map(o -> o.get("orderId").asString()))
                .contains(orderId);
        assertThat(http.get("/orders?limit=1").body().size()).isEqualTo(1);
    }

    private static List<String> statuses(JsonNode order) {
        return StreamSupport.stream(order.get("history").spliterator(), false)
                .map(change -> change.get("status").asString())
                .toList();
    }

    private String notificationStatus(String orderId) {
        for (JsonNode notification : http.get("/notifications").body()) {
            if (notification.get("orderId").asString().equals(orderId)) {
                return notification.get("status").asString();
            }
        }
        return null;
    }
}
