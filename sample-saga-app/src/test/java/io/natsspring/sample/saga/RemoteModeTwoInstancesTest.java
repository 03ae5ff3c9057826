package io.natsspring.sample.saga;

import static io.natsspring.sample.saga.support.SagaHttpClient.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.sample.saga.support.FlakyPaymentGateway;
import io.natsspring.sample.saga.support.SagaHttpClient;
import io.natsspring.sample.saga.support.SagaTestConfiguration;
import io.natsspring.test.server.NatsServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The whole flow in remote mode against a real {@code nats-server}, with two instances of the application sharing
 * the durable consumers: every event is handled by exactly one of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteModeTwoInstancesTest {

    private NatsServerProcess server;
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    /** The nats-server binary of this run: the newest installed (see {@link OldestServerRemoteModeTwoInstancesTest}). */
    Path binary() {
        return NatsServerProcess.binary();
    }

    @BeforeAll
    void start() {
        server = NatsServerProcess.start(binary(), true);
        first = instance("saga-1");
        second = instance("saga-2");
    }

    @AfterAll
    void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {first, second}) {
            if (context != null) {
                context.close();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    private ConfigurableApplicationContext instance(String name) {
        return new SpringApplicationBuilder(SagaApplication.class, SagaTestConfiguration.class)
                .run(
                        "--server.port=0",
                        "--nats.servers=" + server.url(),
                        "--nats.connection-name=" + name,
                        "--nats.metrics.consumer-lag-enabled=false",
                        "--saga.inventory.seed-skus=");
    }

    @Test
    void twoInstancesShareTheSagaAndHandleEachEventOnce() {
        SagaHttpClient one = client(first);
        SagaHttpClient two = client(second);
        one.setStock("REMOTE-1", 20);

        List<CompletableFuture<String>> placed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            SagaHttpClient via = i % 2 == 0 ? one : two;
            String customer = i < 34 ? "c-" + i : "blocked-" + i;
            placed.add(CompletableFuture.supplyAsync(() -> via.placeOrder(order(customer, "REMOTE-1", 1, "2"), null)));
        }
        List<String> orderIds = placed.stream().map(CompletableFuture::join).toList();
        List<JsonNode> finished = new ArrayList<>();
        for (int i = 0; i < orderIds.size(); i++) {
            finished.add((i % 3 == 0 ? one : two).awaitFinal(orderIds.get(i)));
        }

        Map<String, Long> outcomes = finished.stream()
                .collect(Collectors.groupingBy(
                        o -> o.get("status").asString()
                                + (o.get("reason").isNull()
                                        ? ""
                                        : o.get("reason").asString().contains("refunded") ? " refunded" : " declined"),
                        Collectors.counting()));
        assertThat(outcomes)
                .containsOnly(
                        Map.entry("CONFIRMED", 20L),
                        Map.entry("CANCELLED refunded", 14L),
                        Map.entry("CANCELLED declined", 6L));
        assertThat(one.available("REMOTE-1")).isZero();
        assertThat(two.available("REMOTE-1")).isZero();

        FlakyPaymentGateway gatewayOne = first.getBean(FlakyPaymentGateway.class);
        FlakyPaymentGateway gatewayTwo = second.getBean(FlakyPaymentGateway.class);
        Map<String, Integer> chargesPerInstance = new HashMap<>();
        for (JsonNode order : finished) {
            String id = order.get("orderId").asString();
            assertThat(gatewayOne.chargeAttempts(id) + gatewayTwo.chargeAttempts(id))
                    .as("charges of %s", id)
                    .isEqualTo(1);
            int expectedRefunds = order.get("reason").isNull()
                            || !order.get("reason").asString().contains("refunded")
                    ? 0
                    : 1;
            assertThat(gatewayOne.refunds(id) + gatewayTwo.refunds(id))
                    .as("refunds of %s", id)
                    .isEqualTo(expectedRefunds);
            chargesPerInstance.merge(gatewayOne.chargeAttempts(id) == 1 ? "saga-1" : "saga-2", 1, Integer::sum);
        }
        assertThat(chargesPerInstance)
                .as("both instances charged orders: %s", chargesPerInstance)
                .containsKeys("saga-1", "saga-2");

        List<String> notified = new ArrayList<>();
        for (SagaHttpClient instance : List.of(one, two)) {
            StreamSupport.stream(instance.get("/notifications").body().spliterator(), false)
                    .forEach(n -> notified.add(n.get("orderId").asString()));
        }
        assertThat(notified)
                .as("one notification per order, from one instance or the other")
                .hasSize(orderIds.size())
                .containsExactlyInAnyOrderElementsOf(orderIds);
    }

    private static SagaHttpClient client(ConfigurableApplicationContext context) {
        return new SagaHttpClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }
}
