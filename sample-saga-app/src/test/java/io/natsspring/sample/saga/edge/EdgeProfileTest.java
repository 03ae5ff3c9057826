package io.natsspring.sample.saga.edge;

import static io.natsspring.sample.saga.support.SagaHttpClient.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.LeafLinkStatus;
import io.natsspring.broker.NatsBroker;
import io.natsspring.sample.saga.SagaApplication;
import io.natsspring.sample.saga.support.SagaHttpClient;
import io.natsspring.sample.saga.support.SagaTestConfiguration;
import io.natsspring.test.server.NatsServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code edge} profile as the walkthrough in docs/saga.md runs it: the saga's embedded broker is a leaf of a real
 * nats-server hub started from {@code config/saga-edge-hub.conf}; the hub's {@code CENTRAL_SAGA} stream
 * ({@code config/saga-edge-central-stream.json}) sources the leaf's {@code SAGA} stream through {@code $JS.edge.API}.
 * Orders placed while the hub is stopped are confirmed locally, and after the hub's restart their events reach the
 * central stream in the leaf's order, each once.
 *
 * <p>nats-server 2.15.1 asks for its source consumer about 0.1–0.2 s after it starts (after restoring
 * {@code CENTRAL_SAGA}). If the leaf has reconnected by then (or reconnects first: the hub then re-schedules the
 * request), the catch-up takes a moment; if the request goes out while no leaf is connected, it is lost and the hub
 * waits 30 s for its answer and retries 10 s later, so the catch-up takes about 40 s — with a real nats-server leaf
 * exactly as with ours. The test makes the fast path likely (the leaf retries every 50 ms) and still accepts the slow
 * one.
 */
class EdgeProfileTest {

    /** The repository's config/ directory (the test runs in sample-saga-app/). */
    private static final Path CONFIG = Path.of("..", "config");

    @TempDir
    Path dir;

    @Test
    void ordersPlacedWhileTheHubIsDownReachTheCentralStreamAfterItReturns() throws Exception {
        int leafPort = NatsServerProcess.freePort();
        // the walkthrough's hub configuration, on free ports and a temporary store (-p overrides its client port)
        String conf = Files.readString(CONFIG.resolve("saga-edge-hub.conf"))
                .replace("/tmp/nats-saga-edge-hub", dir.resolve("hub").toString())
                .replace("listen: 127.0.0.1:7422", "listen: 127.0.0.1:" + leafPort)
                .replace("http: 127.0.0.1:8222", "http: 127.0.0.1:" + NatsServerProcess.freePort());
        Path hubConf = Files.writeString(dir.resolve("hub.conf"), conf);
        try (NatsServerProcess hub =
                NatsServerProcess.start(NatsServerProcess.binary(), false, List.of("-c", hubConf.toString()))) {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(
                            SagaApplication.class, SagaTestConfiguration.class)
                    .profiles("edge")
                    .run(
                            "--server.port=0",
                            "--nats.broker.store-dir=" + dir.resolve("edge"),
                            "--nats.broker.leaf.remotes[0].url=nats-leaf://127.0.0.1:" + leafPort,
                            "--nats.broker.leaf.reconnect-delay=50ms",
                            "--nats.metrics.consumer-lag-enabled=false");
            try (app) {
                NatsBroker broker = app.getBean(NatsBroker.class);
                assertThat(broker.options().jetStreamDomain()).isEqualTo("edge");
                SagaHttpClient saga =
                        new SagaHttpClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
                JetStreamManagement edge = app.getBean(Connection.class).jetStreamManagement();
                await().atMost(Duration.ofSeconds(30)).until(() -> linkUp(broker));

                // the central stream, as the walkthrough creates it (nats stream add --config ...)
                try (Connection central = connect(hub.url())) {
                    central.jetStreamManagement()
                            .addStream(StreamConfiguration.instance(
                                    Files.readString(CONFIG.resolve("saga-edge-central-stream.json"))));
                    List<String> before = placeAndConfirm(saga, "before", 3);
                    awaitCentralMatchesEdge(central, edge, Duration.ofSeconds(30));
                    assertThat(orderIds(central)).containsAll(before);
                }

                // the hub goes away: orders are still confirmed locally
                hub.stop();
                await().atMost(Duration.ofSeconds(20)).until(() -> !linkUp(broker));
                List<String> during = placeAndConfirm(saga, "during", 3);

                // the hub returns: the link comes back and the central stream catches up, in order, each event once
                hub.restart();
                // (up to ~40 s when the hub's first source request went out before the leaf was back: see above)
                try (Connection central = connect(hub.url())) {
                    awaitCentralMatchesEdge(central, edge, Duration.ofSeconds(50));
                    assertThat(orderIds(central)).containsAll(during);
                }
            }
        }
    }

    private static boolean linkUp(NatsBroker broker) {
        return broker.leafLinks().stream().anyMatch(LeafLinkStatus::connected);
    }

    private static Connection connect(String url) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .build());
    }

    /** Places {@code n} orders and waits until each is CONFIRMED; answers their ids. */
    private static List<String> placeAndConfirm(SagaHttpClient saga, String customer, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(saga.placeOrder(order(customer + "-" + i, "SKU-1", 1, "5"), null));
        }
        for (String id : ids) {
            assertThat(saga.awaitFinal(id).get("status").asString()).isEqualTo("CONFIRMED");
        }
        return ids;
    }

    /** Waits until CENTRAL_SAGA holds exactly the edge's SAGA messages, in the same order, none twice. */
    private static void awaitCentralMatchesEdge(Connection central, JetStreamManagement edge, Duration atMost)
            throws Exception {
        JetStreamManagement hub = central.jetStreamManagement();
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<String> local = messageIds(edge, "SAGA");
            List<String> sourced = messageIds(hub, "CENTRAL_SAGA");
            assertThat(sourced).as("CENTRAL_SAGA vs the edge's SAGA").isEqualTo(local);
        });
        List<String> sourced = messageIdsUnchecked(hub);
        assertThat(new HashSet<>(sourced)).as("no duplicates").hasSameSizeAs(sourced);
    }

    private static List<String> messageIdsUnchecked(JetStreamManagement jsm) {
        try {
            return messageIds(jsm, "CENTRAL_SAGA");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Nats-Msg-Id of every message of {@code stream}, by sequence. */
    private static List<String> messageIds(JetStreamManagement jsm, String stream) throws Exception {
        long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        List<String> ids = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            MessageInfo m = jsm.getMessage(stream, seq);
            ids.add(m.getHeaders() == null ? null : m.getHeaders().getFirst("Nats-Msg-Id"));
        }
        return ids;
    }

    /** The order ids of the central stream's orders.created events (their message id is the bare order id). */
    private static List<String> orderIds(Connection central) throws Exception {
        JetStreamManagement jsm = central.jetStreamManagement();
        long last = jsm.getStreamInfo("CENTRAL_SAGA").getStreamState().getLastSequence();
        List<String> ids = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            MessageInfo m = jsm.getMessage("CENTRAL_SAGA", seq);
            if (m.getSubject().equals("orders.created")) {
                ids.add(m.getHeaders().getFirst("Nats-Msg-Id"));
            }
        }
        return ids;
    }
}
