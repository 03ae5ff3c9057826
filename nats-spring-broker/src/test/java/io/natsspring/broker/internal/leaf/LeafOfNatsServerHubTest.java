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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our broker as a leaf node of the real nats-server 2.15.1 (the hub), seen through jnats on both sides. */
@Timeout(90)
class LeafOfNatsServerHubTest {

    @TempDir
    Path dir;

    private ReferenceNatsServer hub;
    private NatsBroker leaf;
    private int leafPort;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
        leafPort = ReferenceNatsServer.freeTcpPort();
        Path conf = dir.resolve("hub.conf");
        Files.writeString(
                conf,
                "server_name: hub\nleafnodes { listen: 127.0.0.1:" + leafPort
                        + "\n authorization { user: leaf, password: s3cret } }\n");
        hub = ReferenceNatsServer.start(dir, List.of("-c", conf.toString()));
    }

    private NatsBroker startLeaf(String userInfo, boolean jetStream) {
        return startLeaf(userInfo, jetStream, 1, List.of(), List.of());
    }

    private NatsBroker startLeaf(
            String userInfo, boolean jetStream, int links, List<String> denyImports, List<String> denyExports) {
        LeafNodeConfig.Remote remote = new LeafNodeConfig.Remote(
                List.of(URI.create("nats-leaf://" + userInfo + "@127.0.0.1:" + leafPort)),
                null,
                null,
                denyImports,
                denyExports);
        BrokerOptions.Builder b = BrokerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .serverName("our-leaf")
                .leafNodes(new LeafNodeConfig(
                        null,
                        LeafNodeConfig.NO_PORT,
                        null,
                        java.util.Collections.nCopies(links, remote),
                        Duration.ofMillis(200)));
        if (jetStream) {
            b.jetStream(true).storeDir(dir.resolve("js"));
        }
        NatsBroker broker = new NatsBroker(b.build());
        broker.start();
        return broker;
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
        leaf = startLeaf("leaf:s3cret", false);
        await().atMost(Duration.ofSeconds(15)).until(() -> leaf.leafNodeCount() == 1);
        try (Connection onHub = LeafLinks.connect(hub.url());
                Connection onLeaf = LeafLinks.connect(leaf.port())) {
            // leaf -> hub, with headers
            Subscription hubSub = onHub.subscribe("up.>");
            Headers h = new Headers().add("X-Trace", "abc");
            Message m = LeafLinks.publishUntilReceived(onLeaf, "up.one", h, hubSub);
            assertThat(m.getSubject()).isEqualTo("up.one");
            assertThat(m.getHeaders().getFirst("X-Trace")).isEqualTo("abc");
            assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");

            // hub -> leaf, plain
            Subscription leafSub = onLeaf.subscribe("down.*");
            Message d = LeafLinks.publishUntilReceived(onHub, "down.x", null, leafSub);
            assertThat(d.getSubject()).isEqualTo("down.x");
            assertThat(d.hasHeaders()).isFalse();

            // request/reply both ways
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

            // unsubscribe on the leaf removes the interest on the hub: the hub's publisher sees no responders
            leafService.unsubscribe("svc.leaf");
            onLeaf.flush(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try {
                    onHub.request("svc.leaf", new byte[0]).get(2, java.util.concurrent.TimeUnit.SECONDS);
                    return false;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                    return true; // no responders
                }
            });
        }
    }

    @Test
    void queueGroupsPreferLocalMembersOnBothSides() throws Exception {
        leaf = startLeaf("leaf:s3cret", false);
        await().atMost(Duration.ofSeconds(15)).until(() -> leaf.leafNodeCount() == 1);
        try (Connection onHub = LeafLinks.connect(hub.url());
                Connection onLeaf = LeafLinks.connect(leaf.port())) {
            Subscription hubMember = onHub.subscribe("work", "q");
            Subscription leafMember = onLeaf.subscribe("work", "q");
            onHub.flush(Duration.ofSeconds(2));
            onLeaf.flush(Duration.ofSeconds(2));
            // the leaf member's interest reaches the hub: publish from the hub until... the hub member wins each
            // time anyway (local preference), so check from the leaf side that the hub member is reachable.
            LeafLinks.publishUntilReceived(onLeaf, "work", null, leafMember);
            LeafLinks.drain(hubMember, Duration.ofMillis(300));
            LeafLinks.drain(leafMember, Duration.ofMillis(300));
            for (int i = 0; i < 50; i++) {
                onHub.publish("work", new byte[] {1});
                onLeaf.publish("work", new byte[] {2});
            }
            onHub.flush(Duration.ofSeconds(2));
            onLeaf.flush(Duration.ofSeconds(2));
            int atHub = LeafLinks.drain(hubMember, Duration.ofMillis(500));
            int atLeaf = LeafLinks.drain(leafMember, Duration.ofMillis(500));
            assertThat(atHub)
                    .as("published on the hub, taken by the hub's member")
                    .isEqualTo(50);
            assertThat(atLeaf)
                    .as("published on the leaf, taken by the leaf's member")
                    .isEqualTo(50);

            // without a local member, the other side's member takes every message exactly once
            hubMember.unsubscribe();
            onHub.flush(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                onHub.publish("work", new byte[] {3});
                onHub.flush(Duration.ofSeconds(2));
                return leafMember.nextMessage(Duration.ofMillis(200)) != null;
            });
            LeafLinks.drain(leafMember, Duration.ofMillis(300));
            for (int i = 0; i < 20; i++) {
                onHub.publish("work", new byte[] {4});
            }
            onHub.flush(Duration.ofSeconds(2));
            assertThat(LeafLinks.drain(leafMember, Duration.ofMillis(500))).isEqualTo(20);
        }
    }

    @Test
    void reconnectsAfterTheHubRestartsAndSendsItsInterestAgain() throws Exception {
        leaf = startLeaf("leaf:s3cret", false);
        await().atMost(Duration.ofSeconds(15)).until(() -> leaf.leafNodeCount() == 1);
        try (Connection onLeaf = LeafLinks.connect(leaf.port())) {
            Subscription leafSub = onLeaf.subscribe("after.restart");
            onLeaf.flush(Duration.ofSeconds(2));
            hub.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> leaf.leafNodeCount() == 1);
            try (Connection onHub = LeafLinks.connect(hub.url())) {
                Message m = LeafLinks.publishUntilReceived(onHub, "after.restart", null, leafSub);
                assertThat(m.getSubject()).isEqualTo("after.restart");
            }
        }
    }

    @Test
    void denyImportsAndExportsFilterBothWays() throws Exception {
        leaf = startLeaf("leaf:s3cret", false, 1, List.of("secret.in"), List.of("secret.out"));
        await().atMost(Duration.ofSeconds(15)).until(() -> leaf.leafNodeCount() == 1);
        try (Connection onHub = LeafLinks.connect(hub.url());
                Connection onLeaf = LeafLinks.connect(leaf.port())) {
            Subscription hubSub = onHub.subscribe("secret.out");
            Subscription hubOpen = onHub.subscribe("open.out");
            Subscription leafSub = onLeaf.subscribe("secret.in");
            Subscription leafOpen = onLeaf.subscribe("open.in");
            LeafLinks.publishUntilReceived(onLeaf, "open.out", null, hubOpen);
            LeafLinks.publishUntilReceived(onHub, "open.in", null, leafOpen);
            onLeaf.publish("secret.out", new byte[] {1});
            onHub.publish("secret.in", new byte[] {1});
            onLeaf.flush(Duration.ofSeconds(2));
            onHub.flush(Duration.ofSeconds(2));
            assertThat(hubSub.nextMessage(Duration.ofMillis(500)))
                    .as("denied export")
                    .isNull();
            assertThat(leafSub.nextMessage(Duration.ofMillis(500)))
                    .as("denied import")
                    .isNull();
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheHubAndRetried() throws Exception {
        leaf = startLeaf("leaf:wrong", false);
        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        hub.log().contains("authentication error") || hub.log().contains("Authorization"));
        assertThat(leaf.leafNodeCount()).isZero();
    }

    @Test
    void jetStreamStaysLocalOnALeafWithJetStream() throws Exception {
        leaf = startLeaf("leaf:s3cret", true);
        await().atMost(Duration.ofSeconds(15)).until(() -> leaf.leafNodeCount() == 1);
        try (Connection onLeaf = LeafLinks.connect(leaf.port())) {
            var info = onLeaf.jetStreamManagement().getAccountStatistics();
            assertThat(info).isNotNull();
            onLeaf.jetStreamManagement()
                    .addStream(io.nats.client.api.StreamConfiguration.builder()
                            .name("LOCAL")
                            .subjects("local.>")
                            .storageType(io.nats.client.api.StorageType.Memory)
                            .build());
            onLeaf.jetStream().publish("local.1", new byte[] {1});
            assertThat(onLeaf.jetStreamManagement()
                            .getStreamInfo("LOCAL")
                            .getStreamState()
                            .getMsgCount())
                    .isEqualTo(1);
        }
    }
}
