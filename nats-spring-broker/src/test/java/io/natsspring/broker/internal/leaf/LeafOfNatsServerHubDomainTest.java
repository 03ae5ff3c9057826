package io.natsspring.broker.internal.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.PublishAck;
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

/**
 * JetStream domains across a leaf link: our broker ({@code domain: edge}) as a leaf of the real nats-server 2.15.1
 * ({@code domain: hub}). Each side reaches the other's JetStream through {@code $JS.<domain>.API}, the plain API stays
 * local, and a hub stream sourcing the leaf's stream catches up after the hub process was stopped and restarted.
 */
@Timeout(90)
class LeafOfNatsServerHubDomainTest {

    @TempDir
    Path dir;

    private ReferenceNatsServer hub;
    private NatsBroker leaf;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
        int leafPort = ReferenceNatsServer.freeTcpPort();
        Path conf = dir.resolve("hub.conf");
        Files.writeString(
                conf,
                "server_name: hub\njetstream { domain: hub, store_dir: \"" + dir.resolve("hub-js") + "\" }\n"
                        + "leafnodes { listen: 127.0.0.1:" + leafPort + " }\n");
        hub = ReferenceNatsServer.start(dir, List.of("-c", conf.toString()));
        leaf = new NatsBroker(BrokerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .serverName("our-leaf")
                .jetStream(true)
                .storeDir(dir.resolve("leaf-js"))
                .jetStreamDomain("edge")
                .leafNodes(new LeafNodeConfig(
                        null,
                        LeafNodeConfig.NO_PORT,
                        null,
                        List.of(new LeafNodeConfig.Remote(
                                List.of(URI.create("nats-leaf://127.0.0.1:" + leafPort)),
                                null,
                                null,
                                List.of(),
                                List.of())),
                        // short: a 2.15.1 hub that restores a sourcing stream before any leaf is connected loses its
                        // source request and retries only after 40 s (see EdgeProfileTest)
                        Duration.ofMillis(50)))
                .build());
        leaf.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> leaf.leafNodeCount() == 1);
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
    void eachSideReachesTheOthersJetStreamThroughItsDomain() throws Exception {
        try (Connection onHub = LeafLinks.connect(hub.url());
                Connection onLeaf = LeafLinks.connect(leaf.port())) {
            // the domain API crosses the link both ways; locally it answers too
            assertThat(LeafDomains.accountDomain(onHub, "edge")).isEqualTo("edge");
            assertThat(LeafDomains.accountDomain(onLeaf, "hub")).isEqualTo("hub");
            assertThat(LeafDomains.accountDomain(onLeaf, "edge")).isEqualTo("edge");
            assertThat(LeafDomains.accountDomain(onHub, "hub")).isEqualTo("hub");

            // the hub manages a stream on the leaf; PubAcks carry the domain
            LeafDomains.createStream(onHub, "edge", "ORDERS", "orders.>");
            JetStream leafJs = onLeaf.jetStream();
            PublishAck ack = leafJs.publish("orders.1", "x".getBytes(StandardCharsets.UTF_8));
            assertThat(ack.getDomain()).isEqualTo("edge");
            assertThat(LeafDomains.jsm(onHub, "edge")
                            .getStreamInfo("ORDERS")
                            .getStreamState()
                            .getMsgCount())
                    .isEqualTo(1);
            Message info = onHub.request("$JS.edge.API.STREAM.INFO.ORDERS", new byte[0], Duration.ofSeconds(2));
            assertThat(new String(info.getData(), StandardCharsets.UTF_8)).contains("\"domain\":\"edge\"");

            // the plain API stays on each side: exactly one answer, the local one
            assertThat(plainInfoAnswers(onHub)).containsExactly("hub");
            assertThat(plainInfoAnswers(onLeaf)).containsExactly("edge");
        }
    }

    @Test
    void aHubStreamSourcingTheLeafCatchesUpAfterTheHubWasDown() throws Exception {
        int before = 1_500;
        int during = 2_000;
        try (Connection onLeaf = LeafLinks.connect(leaf.port())) {
            JetStream leafJs = onLeaf.jetStream();
            onLeaf.jetStreamManagement()
                    .addStream(io.nats.client.api.StreamConfiguration.builder()
                            .name("ORDERS")
                            .subjects("orders.>")
                            .storageType(io.nats.client.api.StorageType.File)
                            .build());
            LeafDomains.publish(leafJs, "orders.new", 1, before);
            try (Connection onHub = LeafLinks.connect(hub.url())) {
                LeafDomains.accountDomain(onHub, "edge"); // the leaf's domain API is reachable
                LeafDomains.createSourcing(onHub, "CENTRAL", "ORDERS", "$JS.edge.API", "deliver.edge");
                LeafDomains.assertCaughtUp(onHub.jetStreamManagement(), "CENTRAL", "ORDERS", before);
            }

            hub.stopProcess();
            await().atMost(Duration.ofSeconds(15)).until(() -> leaf.leafNodeCount() == 0);
            LeafDomains.publish(leafJs, "orders.new", before + 1, during); // the leaf keeps taking orders
            hub.startAgain();
            await().atMost(Duration.ofSeconds(20)).until(() -> leaf.leafNodeCount() == 1);

            try (Connection onHub = LeafLinks.connect(hub.url())) {
                JetStreamManagement jsm = onHub.jetStreamManagement();
                LeafDomains.assertCaughtUp(jsm, "CENTRAL", "ORDERS", before + during);
            }
        }
    }

    /**
     * The 2.15.1 hub sources our leaf's stream in its newest form, as between two 2.15.1 servers: its create request
     * at API level 5 is taken (no fall-back), so the consumer on the leaf is a sourcing one ({@code sourcing: true})
     * and the hub's copies carry the origin's identity as sixth field of {@code Nats-Stream-Source}.
     */
    @Test
    void theHubSourcesTheLeafAtApiLevelFive() throws Exception {
        try (Connection onLeaf = LeafLinks.connect(leaf.port());
                Connection onHub = LeafLinks.connect(hub.url())) {
            onLeaf.jetStreamManagement()
                    .addStream(io.nats.client.api.StreamConfiguration.builder()
                            .name("ORDERS")
                            .subjects("orders.>")
                            .build());
            LeafDomains.publish(onLeaf.jetStream(), "orders.new", 1, 3);
            LeafDomains.accountDomain(onHub, "edge");
            // the leaf's API audit shows the create requests it answered
            Subscription audit = onLeaf.subscribe("$JS.EVENT.ADVISORY.API");
            onLeaf.flush(Duration.ofSeconds(2));
            LeafDomains.createSourcing(onHub, "CENTRAL", "ORDERS", "$JS.edge.API", "deliver.edge");
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
            assertThat(header.split(" ")[4]).isEqualTo("orders.new");
        }
    }

    /** The domains of every answer to one plain {@code $JS.API.INFO} request within half a second. */
    private static List<String> plainInfoAnswers(Connection c) throws Exception {
        String inbox = c.createInbox();
        Subscription sub = c.subscribe(inbox);
        c.flush(Duration.ofSeconds(2));
        c.publish("$JS.API.INFO", inbox, new byte[0]);
        List<String> domains = new java.util.ArrayList<>();
        Message m;
        while ((m = sub.nextMessage(Duration.ofMillis(500))) != null) {
            String json = new String(m.getData(), StandardCharsets.UTF_8);
            int at = json.indexOf("\"domain\":\"");
            domains.add(at < 0 ? "" : json.substring(at + 10, json.indexOf('"', at + 10)));
        }
        return domains;
    }
}
