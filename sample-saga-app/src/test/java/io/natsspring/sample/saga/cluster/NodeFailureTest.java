package io.natsspring.sample.saga.cluster;

import static io.natsspring.sample.saga.support.SagaHttpClient.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.natsspring.sample.saga.SagaApplication;
import io.natsspring.sample.saga.support.FlakyPaymentGateway;
import io.natsspring.sample.saga.support.SagaHttpClient;
import io.natsspring.sample.saga.support.SagaTestConfiguration;
import io.natsspring.test.server.NatsClusterNode;
import io.natsspring.test.server.NatsServerCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 17: two instances of the saga in remote mode with the {@code cluster} profile (R3 streams and buckets) on a
 * 3-node cluster of the newest nats-server. Orders are placed continuously over HTTP while the node leading the
 * {@code SAGA} stream is killed with SIGKILL. No accepted order is lost or stuck, none is charged twice, the stock is
 * never oversold; the API answers only {@code 202} or {@code 503} with {@code Retry-After} (the client retries with
 * the same {@code Idempotency-Key}), and the listeners resume soon after the new leader is elected. The figures are
 * printed.
 */
class NodeFailureTest {

    private static final String SKU = "CLUSTER-1";
    private static final int STOCK = 40;
    private static final int ORDERS_BEFORE_KILL = 8;
    private static final int ORDERS_PER_CLIENT = 100;
    private static final Duration PLACING_AFTER_LEADER = Duration.ofSeconds(3);
    private static final Duration SAGA_BOUND = Duration.ofSeconds(30);

    /** An order the API accepted: its id and when. */
    private record Accepted(String orderId, String customerId, Instant at) {}

    /** An answer other than 202. */
    private record Refusal(int status, String retryAfter, Instant at) {}

    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicBoolean placing = new AtomicBoolean(true);
    private final AtomicInteger sequence = new AtomicInteger();

    @Test
    @Timeout(170)
    void theSagaSurvivesTheLossOfTheNodeLeadingItsStream() throws Exception {
        try (NatsServerCluster cluster = NatsServerCluster.start(3);
                Connection observer = cluster.connect()) {
            List<ConfigurableApplicationContext> instances = new ArrayList<>();
            try {
                instances.add(instance(cluster, "saga-1"));
                instances.add(instance(cluster, "saga-2"));
                run(cluster, observer, instances);
            } finally {
                placing.set(false);
                Collections.reverse(instances);
                instances.forEach(ConfigurableApplicationContext::close);
            }
        }
    }

    private void run(NatsServerCluster cluster, Connection observer, List<ConfigurableApplicationContext> instances)
            throws Exception {
        List<SagaHttpClient> clients =
                instances.stream().map(NodeFailureTest::client).toList();
        clients.get(0).setStock(SKU, STOCK);
        List<Thread> placers = new ArrayList<>();
        for (SagaHttpClient client : clients) {
            Thread placer = new Thread(() -> place(client), "placer-" + placers.size());
            placer.setDaemon(true);
            placer.start();
            placers.add(placer);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= ORDERS_BEFORE_KILL);
        NatsClusterNode victim = cluster.awaitStreamLeader("SAGA", Duration.ofSeconds(10));
        String leader = victim.name();
        List<String> consumersOnVictim = observer.jetStreamManagement().getConsumerNames("SAGA").stream()
                .filter(c ->
                        cluster.consumerLeader("SAGA", c).filter(victim::equals).isPresent())
                .sorted()
                .toList();
        int acceptedBeforeKill = accepted.size();
        Instant killed = Instant.now();
        victim.kill();
        String newLeader = cluster.awaitNewStreamLeader("SAGA", victim, Duration.ofSeconds(30))
                .name();
        Instant elected = Instant.now();

        await().atMost(Duration.ofSeconds(40))
                .until(() -> accepted.stream().anyMatch(a -> a.at().isAfter(elected.plus(PLACING_AFTER_LEADER)))
                        || placers.stream().noneMatch(Thread::isAlive));
        placing.set(false);
        for (Thread placer : placers) {
            placer.join(15_000);
        }

        Map<String, JsonNode> finals = new ConcurrentHashMap<>();
        for (Accepted order : accepted) {
            SagaHttpClient via = clients.get(Math.floorMod(order.orderId().hashCode(), clients.size()));
            finals.put(order.orderId(), awaitFinal(via, order.orderId()));
        }

        // figures
        long confirmed = finals.values().stream()
                .filter(o -> o.get("status").asString().equals("CONFIRMED"))
                .count();
        long cancelled = finals.size() - confirmed;
        Instant firstAcceptedAfterKill = accepted.stream()
                .map(Accepted::at)
                .filter(at -> at.isAfter(killed))
                .min(Instant::compareTo)
                .orElseThrow();
        Instant resumed = accepted.stream()
                .filter(a -> a.at().isAfter(elected))
                .map(a -> finishedAt(finals.get(a.orderId())))
                .min(Instant::compareTo)
                .orElseThrow();
        Duration slowestAfterElection = accepted.stream()
                .filter(a -> a.at().isAfter(elected))
                .map(a -> Duration.between(a.at(), finishedAt(finals.get(a.orderId()))))
                .max(Duration::compareTo)
                .orElseThrow();
        System.out.printf(
                "NodeFailureTest figures: killed %s (SAGA leader; new leader %s; it led the consumers %s); orders placed %d (%d before the"
                        + " kill), confirmed %d, cancelled %d; 503 answers %d; time without a leader %d ms; first"
                        + " 202 after the kill %d ms; listeners resumed (first order accepted after the election"
                        + " finished) %d ms after the kill; slowest saga after the election %d ms%n",
                leader,
                newLeader,
                consumersOnVictim,
                accepted.size(),
                acceptedBeforeKill,
                confirmed,
                cancelled,
                refusals.size(),
                Duration.between(killed, elected).toMillis(),
                Duration.between(killed, firstAcceptedAfterKill).toMillis(),
                Duration.between(killed, resumed).toMillis(),
                slowestAfterElection.toMillis());

        assertThat(unexpected)
                .as("answers other than 202 and 503, and failed calls")
                .isEmpty();
        assertThat(refusals).as("every refusal is a 503 with Retry-After").allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.retryAfter()).isEqualTo("5");
        });
        assertThat(slowestAfterElection)
                .as("orders accepted after the election finish within %s (the listeners resumed)", SAGA_BOUND)
                .isLessThan(SAGA_BOUND);

        FlakyPaymentGateway[] gateways = instances.stream()
                .map(c -> c.getBean(FlakyPaymentGateway.class))
                .toArray(FlakyPaymentGateway[]::new);
        for (Accepted order : accepted) {
            int charges = 0;
            int refunds = 0;
            for (FlakyPaymentGateway gateway : gateways) {
                charges += gateway.chargeAttempts(order.orderId());
                refunds += gateway.refunds(order.orderId());
            }
            JsonNode finished = finals.get(order.orderId());
            assertThat(charges).as("charges of %s", order).isEqualTo(1);
            boolean refunded = !finished.get("reason").isNull()
                    && finished.get("reason").asString().contains("refunded");
            assertThat(refunds).as("refunds of %s", finished).isEqualTo(refunded ? 1 : 0);
            if (order.customerId().startsWith("blocked-")) {
                assertThat(finished.get("status").asString()).isEqualTo("CANCELLED");
            }
        }
        for (SagaHttpClient client : clients) {
            int available = client.available(SKU);
            assertThat(available).as("stock never oversold").isGreaterThanOrEqualTo(0);
            assertThat(STOCK - available).as("units sold = confirmed orders").isEqualTo(confirmed);
        }
        List<String> notified = new ArrayList<>();
        for (SagaHttpClient client : clients) {
            StreamSupport.stream(client.get("/notifications").body().spliterator(), false)
                    .forEach(n -> notified.add(n.get("orderId").asString()));
        }
        // At least once: a notification whose notifications.sent publish failed during the election is sent again
        // by whichever instance gets the redelivery (the outbox is per instance).
        assertThat(notified)
                .as("a notification per order")
                .containsAll(accepted.stream().map(Accepted::orderId).toList())
                .hasSameElementsAs(accepted.stream().map(Accepted::orderId).toList());
        System.out.printf("NodeFailureTest notifications: %d for %d orders%n", notified.size(), accepted.size());
    }

    /** Places orders until told to stop, retrying a 503 with the same Idempotency-Key as the API asks. */
    private void place(SagaHttpClient client) {
        for (int n = 0; n < ORDERS_PER_CLIENT && placing.get(); n++) {
            int i = sequence.incrementAndGet();
            String customer = i % 7 == 0 ? "blocked-" + i : "c-" + i;
            String key = "cluster-" + i;
            while (placing.get()) {
                SagaHttpClient.Response response;
                try {
                    response = client.post("/orders", order(customer, SKU, 1, "2"), key);
                } catch (RuntimeException e) {
                    unexpected.add("POST /orders " + key + ": " + e);
                    pause(200);
                    continue;
                }
                if (response.status() == 202) {
                    accepted.add(new Accepted(response.body().get("orderId").asString(), customer, Instant.now()));
                    break;
                }
                refusals.add(new Refusal(response.status(), response.retryAfter(), Instant.now()));
                if (response.status() != 503) {
                    unexpected.add("POST /orders " + key + ": " + response.status() + " " + response.body());
                }
                pause(200); // Retry-After says 5 s; the test does not wait that long
            }
            pause(100);
        }
    }

    private static JsonNode awaitFinal(SagaHttpClient client, String orderId) {
        return await().atMost(SAGA_BOUND.plusSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(
                        () -> client.get("/orders/" + orderId).body(),
                        o -> o != null
                                && (o.path("status").asString().equals("CONFIRMED")
                                        || o.path("status").asString().equals("CANCELLED")));
    }

    /** When the order reached its final state (the last step of its history). */
    private static Instant finishedAt(JsonNode order) {
        return StreamSupport.stream(order.get("history").spliterator(), false)
                .map(step -> Instant.parse(step.get("at").asString()))
                .max(Instant::compareTo)
                .orElseThrow();
    }

    private static ConfigurableApplicationContext instance(NatsServerCluster cluster, String name) {
        return new SpringApplicationBuilder(SagaApplication.class, SagaTestConfiguration.class)
                .profiles("cluster")
                .run(
                        "--server.port=0",
                        "--nats.servers=" + cluster.servers(),
                        "--nats.connection-name=" + name,
                        "--nats.metrics.consumer-lag-enabled=false",
                        "--saga.inventory.seed-skus=");
    }

    private static SagaHttpClient client(ConfigurableApplicationContext context) {
        return new SagaHttpClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
