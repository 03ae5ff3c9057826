package io.natsspring.sample.saga;

import static io.natsspring.sample.saga.support.SagaHttpClient.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.sample.saga.support.SagaApplicationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Many orders at once against little stock: compare-and-set on the stock entry never oversells. */
class ConcurrentOrdersTest extends SagaApplicationTest {

    private static final int ORDERS = 200;
    private static final int STOCK = 57;

    @Test
    void twoHundredConcurrentOrdersNeverOversellAndAllFinish() {
        http.setStock("RACE-1", STOCK);
        List<String> orderIds;
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<String>> placed = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                String customer = "racer-" + i;
                placed.add(CompletableFuture.supplyAsync(
                        () -> http.placeOrder(order(customer, "RACE-1", 1, "3.50"), null), clients));
            }
            orderIds = placed.stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdown();
        }
        assertThat(orderIds).doesNotHaveDuplicates().hasSize(ORDERS);

        List<JsonNode> finished = orderIds.stream().map(http::awaitFinal).toList();

        Map<String, Long> byStatus = finished.stream()
                .collect(Collectors.groupingBy(o -> o.get("status").asString(), Collectors.counting()));
        assertThat(byStatus)
                .containsOnlyKeys("CONFIRMED", "CANCELLED")
                .containsEntry("CONFIRMED", (long) STOCK)
                .containsEntry("CANCELLED", (long) (ORDERS - STOCK));
        assertThat(http.available("RACE-1")).isZero();
        assertThat(finished.stream()
                        .filter(o -> o.get("status").asString().equals("CANCELLED"))
                        .map(o -> o.get("reason").asString())
                        .collect(Collectors.toSet()))
                .containsExactly("insufficient stock for RACE-1: 1 requested, 0 available (payment refunded)");
        Map<String, JsonNode> byId =
                finished.stream().collect(Collectors.toMap(o -> o.get("orderId").asString(), Function.identity()));
        assertThat(byId).hasSize(ORDERS);
    }
}
