package io.natsspring.boot.autoconfigure.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.boot.autoconfigure.endpoint.NatsEndpoint;
import io.natsspring.boot.autoconfigure.health.NatsHealthIndicator;
import io.natsspring.boot.autoconfigure.metrics.NatsLeafLinkMetrics;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.LeafLinkStatus;
import io.natsspring.broker.NatsBroker;
import io.natsspring.test.server.NatsServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code nats.broker.leaf.*}: the embedded broker as a leaf of a real nats-server hub (the application keeps
 * talking to its local broker; the link shows in health, the actuator endpoint and a gauge, and survives the hub
 * being stopped and restarted) and as the hub of a nats-server leaf.
 */
class EmbeddedBrokerLeafTest {

    @TempDir
    Path dir;

    /** A nats-server hub and its leaf-node port. */
    private record Hub(NatsServerProcess server, int leafPort) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    private Hub hub() throws Exception {
        int leafPort = NatsServerProcess.freePort();
        Path conf = dir.resolve("hub.conf");
        Files.writeString(conf, "leafnodes { host: 127.0.0.1, port: " + leafPort + " }\n");
        return new Hub(
                NatsServerProcess.start(NatsServerProcess.binary(), false, List.of("-c", conf.toString())), leafPort);
    }

    private static Connection connect(String url) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> leafLinks(Health health) {
        Map<String, Object> embedded = (Map<String, Object>) health.getDetails().get("embeddedBroker");
        return embedded == null ? List.of() : (List<Map<String, Object>>) embedded.getOrDefault("leafLinks", List.of());
    }

    /** Publishes from {@code publisher} until {@code sub} receives it (interest crosses the link asynchronously). */
    private static Message publishUntilReceived(Connection publisher, String subject, Subscription sub) {
        Message[] got = new Message[1];
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    publisher.publish(subject, "hello".getBytes(StandardCharsets.UTF_8));
                    publisher.flush(Duration.ofSeconds(2));
                    got[0] = sub.nextMessage(Duration.ofMillis(200));
                    return got[0] != null;
                });
        return got[0];
    }

    @Test
    void theEmbeddedBrokerIsALeafOfARealHubAndHealthFollowsTheLink() throws Exception {
        try (Hub h = hub()) {
            NatsServerProcess hub = h.server();
            NatsAutoConfigurations.runner(dir.resolve("store"))
                    .withPropertyValues(
                            "nats.broker.leaf.remotes[0].url=nats-leaf://127.0.0.1:" + h.leafPort(),
                            "nats.broker.leaf.reconnect-delay=200ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        NatsBroker broker = context.getBean(NatsBroker.class);
                        Connection app = context.getBean(Connection.class);
                        NatsHealthIndicator health = new NatsHealthIndicator(app, null, broker);
                        NatsEndpoint endpoint = new NatsEndpoint(
                                app, context.getBean(io.nats.client.JetStreamManagement.class), null, null, broker);
                        SimpleMeterRegistry meters = new SimpleMeterRegistry();
                        new NatsLeafLinkMetrics(broker).bindTo(meters);

                        // link up: connected, the hub's URL without user info, a round trip after the first PING
                        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                            List<Map<String, Object>> links = leafLinks(health.health());
                            assertThat(links).hasSize(1);
                            assertThat(links.get(0))
                                    .containsEntry("role", "hub")
                                    .containsEntry("connected", true)
                                    .containsEntry("remote", "nats-leaf://127.0.0.1:" + h.leafPort())
                                    .containsEntry("account", "$G")
                                    .containsKeys("peer", "rtt", "connectedSince");
                        });
                        assertThat(meters.get("nats.broker.leaf.links.connected")
                                        .gauge()
                                        .value())
                                .isEqualTo(1.0);
                        NatsEndpoint.LeafLinkDescriptor described =
                                endpoint.nats().leafLinks().get(0);
                        assertThat(described.connected()).isTrue();
                        assertThat(described.peer()).isEqualTo("test-server-" + hub.port());

                        // the application's messages reach the hub's subscribers
                        try (Connection central = connect(hub.url())) {
                            Subscription sub = central.subscribe("edge.events");
                            central.flush(Duration.ofSeconds(5));
                            assertThat(new String(publishUntilReceived(app, "edge.events", sub)
                                            .getData()))
                                    .isEqualTo("hello");
                        }

                        // hub stopped: the link is down, health stays UP with the link's details, the app works on
                        hub.stop();
                        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                            Health now = health.health();
                            assertThat(now.getStatus()).isEqualTo(Status.UP);
                            assertThat(leafLinks(now).get(0))
                                    .containsEntry("connected", false)
                                    .containsKey("disconnectedSince")
                                    .doesNotContainKey("rtt");
                        });
                        assertThat(broker.leafLinks())
                                .extracting(LeafLinkStatus::connected)
                                .containsExactly(false);
                        assertThat(meters.get("nats.broker.leaf.links.connected")
                                        .gauge()
                                        .value())
                                .isEqualTo(0.0);
                        Subscription local = app.subscribe("local.work");
                        app.publish("local.work", "still here".getBytes(StandardCharsets.UTF_8));
                        assertThat(local.nextMessage(Duration.ofSeconds(5))).isNotNull();

                        // hub restarted: the link comes back by itself
                        hub.restart();
                        await().atMost(Duration.ofSeconds(20))
                                .untilAsserted(() -> assertThat(leafLinks(health.health()))
                                        .singleElement()
                                        .satisfies(l -> assertThat(l).containsEntry("connected", true)));
                        assertThat(endpoint.nats().leafLinks())
                                .singleElement()
                                .satisfies(l -> assertThat(l.connected()).isTrue());
                    });
        }
    }

    @Test
    void aNatsServerLeafConnectsToTheEmbeddedBrokerAsItsHub() throws Exception {
        NatsAutoConfigurations.runner(dir.resolve("store"))
                .withPropertyValues(
                        "nats.broker.leaf.listen.port=0",
                        "nats.broker.leaf.authorization.user=edge",
                        "nats.broker.leaf.authorization.password=s3cret")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    NatsBroker broker = context.getBean(NatsBroker.class);
                    Path conf = dir.resolve("leaf.conf");
                    Files.writeString(
                            conf,
                            "leafnodes { remotes: [ { url: \"nats-leaf://edge:s3cret@127.0.0.1:" + broker.leafNodePort()
                                    + "\" } ] }\n");
                    try (NatsServerProcess leaf = NatsServerProcess.start(
                            NatsServerProcess.binary(), false, List.of("-c", conf.toString()))) {
                        await().atMost(Duration.ofSeconds(20))
                                .untilAsserted(() -> assertThat(broker.leafLinks())
                                        .singleElement()
                                        .satisfies(l -> {
                                            assertThat(l.role()).isEqualTo(LeafLinkStatus.Role.LEAF_CONNECTION);
                                            assertThat(l.connected()).isTrue();
                                            assertThat(l.peer()).isEqualTo("test-server-" + leaf.port());
                                        }));
                        Connection app = context.getBean(Connection.class);
                        Subscription sub = app.subscribe("hub.inbox");
                        app.flush(Duration.ofSeconds(5));
                        try (Connection edge = connect(leaf.url())) {
                            assertThat(publishUntilReceived(edge, "hub.inbox", sub))
                                    .isNotNull();
                        }
                    }
                });
    }
}
