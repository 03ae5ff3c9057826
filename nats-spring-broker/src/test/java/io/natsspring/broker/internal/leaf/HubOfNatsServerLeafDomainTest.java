package io.natsspring.broker.internal.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.LeafNodeConfig;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
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

/**
 * The other direction: our broker ({@code domain: hub}) as the hub of the real nats-server 2.15.1 ({@code domain:
 * edge}); our stream sources the leaf's stream through {@code $JS.edge.API} and catches up after our hub was down.
 */
@Timeout(90)
class HubOfNatsServerLeafDomainTest {

    @TempDir
    Path dir;

    private NatsBroker hub;
    private ReferenceNatsServer leaf;
    private int clientPort;
    private int leafPort;

    private NatsBroker startHub() {
        NatsBroker b = new NatsBroker(BrokerOptions.builder()
                .host("127.0.0.1")
                .port(clientPort)
                .serverName("our-hub")
                .jetStream(true)
                .storeDir(dir.resolve("hub-js"))
                .jetStreamDomain("hub")
                .leafNodes(new LeafNodeConfig("127.0.0.1", leafPort, null, List.of(), Duration.ofSeconds(1)))
                .build());
        b.start();
        return b;
    }

    @BeforeEach
    void start() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
        clientPort = ReferenceNatsServer.freeTcpPort();
        leafPort = ReferenceNatsServer.freeTcpPort();
        hub = startHub();
        Path conf = dir.resolve("leaf.conf");
        Files.writeString(
                conf,
                "server_name: their-leaf\njetstream { domain: edge, store_dir: \"" + dir.resolve("leaf-js") + "\" }\n"
                        + "leafnodes { reconnect: \"250ms\", remotes: [ { url: \"nats-leaf://127.0.0.1:" + leafPort
                        + "\" } ] }\n");
        leaf = ReferenceNatsServer.start(dir, List.of("-c", conf.toString()));
        await().atMost(Duration.ofSeconds(15)).until(() -> hub.leafNodeCount() == 1);
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
    void ourHubStreamSourcingTheLeafCatchesUpAfterTheHubWasDown() throws Exception {
        int before = 1_000;
        int during = 1_500;
        try (Connection onLeaf = LeafLinks.connect(leaf.url())) {
            JetStream leafJs = onLeaf.jetStream();
            try (Connection onHub = LeafLinks.connect(clientPort)) {
                assertThat(LeafDomains.accountDomain(onHub, "edge")).isEqualTo("edge");
                assertThat(LeafDomains.accountDomain(onLeaf, "hub")).isEqualTo("hub");
                LeafDomains.createStream(onHub, "edge", "ORDERS", "orders.>");
                LeafDomains.publish(leafJs, "orders.new", 1, before);
                LeafDomains.createSourcing(onHub, "CENTRAL", "ORDERS", "$JS.edge.API", "deliver.hub");
                LeafDomains.assertCaughtUp(onHub.jetStreamManagement(), "CENTRAL", "ORDERS", before);
            }

            hub.close();
            LeafDomains.publish(leafJs, "orders.new", before + 1, during); // the leaf keeps taking orders
            hub = startHub();
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.leafNodeCount() == 1);

            try (Connection onHub = LeafLinks.connect(clientPort)) {
                LeafDomains.assertCaughtUp(onHub.jetStreamManagement(), "CENTRAL", "ORDERS", before + during);
            }
        }
    }
    /**
     * Our hub sources the 2.15.1 leaf's stream in the form two 2.15.1 servers use: one create request at API level 5
     * with {@code sourcing: true}, taken by the leaf (no fall-back), and the leaf's identity in the sixth field of
     * {@code Nats-Stream-Source}.
     */
    @Test
    void ourHubSourcesTheLeafAtApiLevelFive() throws Exception {
        try (Connection onLeaf = LeafLinks.connect(leaf.url());
                Connection onHub = LeafLinks.connect(clientPort)) {
            LeafDomains.accountDomain(onHub, "edge");
            LeafDomains.createStream(onHub, "edge", "ORDERS", "orders.>");
            LeafDomains.publish(onLeaf.jetStream(), "orders.new", 1, 3);
            // the leaf's API audit shows the create requests it answered
            Subscription audit = onLeaf.subscribe("$JS.EVENT.ADVISORY.API");
            onLeaf.flush(Duration.ofSeconds(2));
            LeafDomains.createSourcing(onHub, "CENTRAL", "ORDERS", "$JS.edge.API", "deliver.hub");
            LeafDomains.assertCaughtUp(onHub.jetStreamManagement(), "CENTRAL", "ORDERS", 3);
            List<String> creates = new java.util.ArrayList<>();
            Message m;
            while ((m = audit.nextMessage(Duration.ofMillis(500))) != null) {
                String event = new String(m.getData(), StandardCharsets.UTF_8);
                if (event.contains("CONSUMER.CREATE")) {
                    creates.add(event);
                }
            }
            assertThat(creates).as("consumer creates %s", creates).hasSize(1);
            assertThat(creates.get(0)).contains("\\\"sourcing\\\":true");
            String header = onHub.jetStreamManagement()
                    .getMessage("CENTRAL", 1)
                    .getHeaders()
                    .getFirst("Nats-Stream-Source");
            assertThat(header.split(" ")).as(header).hasSize(6);
        }
    }
}
