package io.natsspring.broker.internal.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.LeafNodeConfig;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.UserConfig;
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

/**
 * Authentication of nats-server 2.15.1 leaf nodes at our hub: {@code leafnodes.authorization.users} bind a leaf to
 * an account; without a leaf authorization a leaf authenticates as a client does (here a top-level token).
 */
@Timeout(60)
class HubLeafAuthorizationTest {

    @TempDir
    Path dir;

    private NatsBroker hub;
    private ReferenceNatsServer leaf;

    @BeforeEach
    void available() {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
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

    private ReferenceNatsServer startLeaf(String userInfo) throws Exception {
        Path conf = dir.resolve("leaf.conf");
        Files.writeString(
                conf,
                "server_name: their-leaf\nleafnodes { reconnect: \"250ms\", remotes: [ { url: \"nats-leaf://" + userInfo
                        + "@127.0.0.1:" + hub.leafNodePort() + "\" } ] }\n");
        return ReferenceNatsServer.start(dir, List.of("-c", conf.toString()));
    }

    @Test
    void aLeafUserIsBoundToItsAccount() throws Exception {
        hub = new NatsBroker(BrokerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .accounts(List.of(
                        AccountConfig.of("A", List.of(new UserConfig("app", "pw"))),
                        AccountConfig.of("B", List.of(new UserConfig("other", "pw")))))
                .leafNodes(new LeafNodeConfig(
                        "127.0.0.1",
                        0,
                        new LeafNodeConfig.Authorization(
                                null,
                                null,
                                List.of(new LeafNodeConfig.User("edge", "pa", "A")),
                                Duration.ofSeconds(2),
                                null),
                        List.of(),
                        Duration.ofSeconds(1)))
                .build());
        hub.start();
        leaf = startLeaf("edge:pa");
        await().atMost(Duration.ofSeconds(15)).until(() -> hub.leafNodeCount() == 1);
        try (Connection inA = LeafLinks.connect("nats://app:pw@127.0.0.1:" + hub.port());
                Connection inB = LeafLinks.connect("nats://other:pw@127.0.0.1:" + hub.port());
                Connection onLeaf = LeafLinks.connect(leaf.url())) {
            Subscription a = inA.subscribe("edge.data");
            Subscription b = inB.subscribe("edge.data");
            LeafLinks.publishUntilReceived(onLeaf, "edge.data", null, a);
            assertThat(b.nextMessage(Duration.ofMillis(500)))
                    .as("account B never sees the leaf")
                    .isNull();
        }
    }

    @Test
    void withoutLeafAuthorizationALeafAuthenticatesAsAClient() throws Exception {
        hub = new NatsBroker(BrokerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .token("t0ken")
                .leafNodes(new LeafNodeConfig("127.0.0.1", 0, null, List.of(), Duration.ofSeconds(1)))
                .build());
        hub.start();
        leaf = startLeaf("t0ken");
        await().atMost(Duration.ofSeconds(15)).until(() -> hub.leafNodeCount() == 1);
        try (Connection onHub = LeafLinks.connect("nats://t0ken@127.0.0.1:" + hub.port());
                Connection onLeaf = LeafLinks.connect(leaf.url())) {
            Subscription s = onHub.subscribe("tok.en");
            assertThat(LeafLinks.publishUntilReceived(onLeaf, "tok.en", null, s).getSubject())
                    .isEqualTo("tok.en");
        }
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        hub = new NatsBroker(BrokerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .token("t0ken")
                .leafNodes(new LeafNodeConfig("127.0.0.1", 0, null, List.of(), Duration.ofSeconds(1)))
                .build());
        hub.start();
        leaf = startLeaf("wrong");
        await().atMost(Duration.ofSeconds(15)).until(() -> leaf.log().contains("Authorization Violation"));
        assertThat(hub.leafNodeCount()).isZero();
    }
}
