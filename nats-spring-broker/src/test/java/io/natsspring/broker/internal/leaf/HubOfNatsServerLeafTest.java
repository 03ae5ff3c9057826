package io.natsspring.broker.internal.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.LeafNodeConfig;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Our broker as the hub of a real nats-server 2.15.1 leaf node, seen through jnats on both sides. */
@Timeout(90)
class HubOfNatsServerLeafTest {

    @TempDir
    Path dir;

    private NatsBroker hub;
    private ReferenceNatsServer leaf;

    @BeforeEach
    void start() {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
        LeafNodeConfig.Authorization auth =
                new LeafNodeConfig.Authorization("leaf", "s3cret", List.of(), Duration.ofSeconds(2), null);
        hub = new NatsBroker(BrokerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .serverName("our-hub")
                .httpPort(0)
                .leafNodes(new LeafNodeConfig("127.0.0.1", 0, auth, List.of(), Duration.ofSeconds(1)))
                .build());
        hub.start();
    }

    private ReferenceNatsServer startLeaf(String userInfo) throws Exception {
        Path conf = dir.resolve("leaf.conf");
        Files.writeString(
                conf,
                "server_name: their-leaf\nleafnodes { reconnect: \"250ms\", remotes: [ { url: \"nats-leaf://" + userInfo
                        + "@127.0.0.1:" + hub.leafNodePort() + "\" } ] }\n");
        return ReferenceNatsServer.start(dir, List.of("-c", conf.toString()));
    }

    @AfterEach
    void stop() throws Exception {
        if (leaf != null) {
            leaf.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void messagesRequestsAndHeadersCrossBothWays() throws Exception {
        leaf = startLeaf("leaf:s3cret");
        await().atMost(Duration.ofSeconds(15)).until(() -> hub.leafNodeCount() == 1);
        try (Connection onHub = LeafLinks.connect(hub.port());
                Connection onLeaf = LeafLinks.connect(leaf.url())) {
            Subscription hubSub = onHub.subscribe("up.>");
            Message m = LeafLinks.publishUntilReceived(onLeaf, "up.one", new Headers().add("X-A", "1"), hubSub);
            assertThat(m.getHeaders().getFirst("X-A")).isEqualTo("1");

            Subscription leafSub = onLeaf.subscribe("down.*");
            Message d = LeafLinks.publishUntilReceived(onHub, "down.x", null, leafSub);
            assertThat(d.getSubject()).isEqualTo("down.x");

            Dispatcher hubService = onHub.createDispatcher(r -> onHub.publish(r.getReplyTo(), "from-hub".getBytes()));
            hubService.subscribe("svc.hub");
            assertThat(new String(
                            LeafLinks.requestUntilAnswered(onLeaf, "svc.hub").getData()))
                    .isEqualTo("from-hub");
            Dispatcher leafService =
                    onLeaf.createDispatcher(r -> onLeaf.publish(r.getReplyTo(), "from-leaf".getBytes()));
            leafService.subscribe("svc.leaf");
            assertThat(new String(
                            LeafLinks.requestUntilAnswered(onHub, "svc.leaf").getData()))
                    .isEqualTo("from-leaf");
        }
    }

    @Test
    void queueGroupsPreferLocalMembersOnBothSides() throws Exception {
        leaf = startLeaf("leaf:s3cret");
        await().atMost(Duration.ofSeconds(15)).until(() -> hub.leafNodeCount() == 1);
        try (Connection onHub = LeafLinks.connect(hub.port());
                Connection onLeaf = LeafLinks.connect(leaf.url())) {
            Subscription hubMember = onHub.subscribe("work", "q");
            Subscription leafMember = onLeaf.subscribe("work", "q");
            onHub.flush(Duration.ofSeconds(2));
            LeafLinks.publishUntilReceived(onLeaf, "work", null, leafMember);
            LeafLinks.publishUntilReceived(onHub, "work", null, hubMember);
            LeafLinks.drain(hubMember, Duration.ofMillis(300));
            LeafLinks.drain(leafMember, Duration.ofMillis(300));
            for (int i = 0; i < 50; i++) {
                onHub.publish("work", new byte[] {1});
                onLeaf.publish("work", new byte[] {2});
            }
            onHub.flush(Duration.ofSeconds(2));
            onLeaf.flush(Duration.ofSeconds(2));
            assertThat(LeafLinks.drain(hubMember, Duration.ofMillis(500))).isEqualTo(50);
            assertThat(LeafLinks.drain(leafMember, Duration.ofMillis(500))).isEqualTo(50);

            leafMember.unsubscribe();
            onLeaf.flush(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                onLeaf.publish("work", new byte[] {3});
                onLeaf.flush(Duration.ofSeconds(2));
                return hubMember.nextMessage(Duration.ofMillis(200)) != null;
            });
            LeafLinks.drain(hubMember, Duration.ofMillis(300));
            for (int i = 0; i < 20; i++) {
                onLeaf.publish("work", new byte[] {4});
            }
            onLeaf.flush(Duration.ofSeconds(2));
            assertThat(LeafLinks.drain(hubMember, Duration.ofMillis(500))).isEqualTo(20);
        }
    }

    @Test
    void theLeafReconnectsWhenItRestarts() throws Exception {
        leaf = startLeaf("leaf:s3cret");
        await().atMost(Duration.ofSeconds(15)).until(() -> hub.leafNodeCount() == 1);
        try (Connection onHub = LeafLinks.connect(hub.port())) {
            Subscription hubSub = onHub.subscribe("again");
            leaf.restart();
            await().atMost(Duration.ofSeconds(15)).until(() -> hub.leafNodeCount() == 1);
            try (Connection onLeaf = LeafLinks.connect(leaf.url())) {
                assertThat(LeafLinks.publishUntilReceived(onLeaf, "again", null, hubSub)
                                .getSubject())
                        .isEqualTo("again");
            }
        }
    }

    @Test
    void leafzAndVarzShowTheLinkAsNatsServerDoes() throws Exception {
        leaf = startLeaf("leaf:s3cret");
        await().atMost(Duration.ofSeconds(15)).until(() -> hub.leafNodeCount() == 1);
        try (Connection onLeaf = LeafLinks.connect(leaf.url())) {
            onLeaf.subscribe("mon.x");
            onLeaf.flush(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> get("/leafz?subs=1")
                            .path("leafs")
                            .path(0)
                            .path("subscriptions_list")
                            .toString()
                            .contains("mon.x"));
        }
        JsonNode leafz = get("/leafz?subs=1");
        assertThat(leafz.path("leafnodes").asInt()).isEqualTo(1);
        JsonNode link = leafz.path("leafs").path(0);
        List<String> keys = new java.util.ArrayList<>();
        link.propertyNames().forEach(keys::add);
        // the fields of nats-server 2.15.1's LeafInfo for a plain (non-TLS, non-cluster) link, in its order
        assertThat(keys)
                .containsExactly(
                        "id",
                        "name",
                        "is_spoke",
                        "account",
                        "ip",
                        "port",
                        "rtt",
                        "in_msgs",
                        "out_msgs",
                        "in_bytes",
                        "out_bytes",
                        "subscriptions",
                        "subscriptions_list",
                        "compression");
        assertThat(link.path("name").asString()).isEqualTo("their-leaf");
        assertThat(link.path("is_spoke").asBoolean()).isFalse();
        assertThat(link.path("account").asString()).isEqualTo("$G");
        assertThat(link.path("subscriptions_list").toString()).contains("$LDS.");
        assertThat(get("/leafz").path("leafs").path(0).has("subscriptions_list"))
                .isFalse();

        JsonNode varz = get("/varz");
        assertThat(varz.path("leafnodes").asInt()).isEqualTo(1);
        assertThat(varz.path("leaf").path("port").asInt()).isEqualTo(hub.leafNodePort());
        assertThat(varz.path("leaf").path("auth_timeout").asDouble()).isEqualTo(2.0);
    }

    private JsonNode get(String path) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        leaf = startLeaf("leaf:wrong");
        await().atMost(Duration.ofSeconds(15)).until(() -> leaf.log().contains("Authorization Violation"));
        assertThat(hub.leafNodeCount()).isZero();
    }
}
