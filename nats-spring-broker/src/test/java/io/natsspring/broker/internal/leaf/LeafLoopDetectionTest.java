package io.natsspring.broker.internal.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.LeafNodeConfig;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loop: our broker is the hub of a nats-server leaf node and also a leaf of that same server. The {@code $LDS.}
 * subject of one side comes back to it over the other link; the loop is reported with nats-server's error and the
 * looping link is refused (its remote waits 30 s before trying again).
 */
@Timeout(60)
class LeafLoopDetectionTest {

    @TempDir
    Path dir;

    private NatsBroker ours;
    private ReferenceNatsServer theirs;

    @AfterEach
    void stop() throws Exception {
        if (ours != null) {
            ours.close();
        }
        if (theirs != null) {
            theirs.close();
        }
    }

    @Test
    void aLoopIsDetectedAndTheLoopingLinkRefused() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
        int ourLeafPort = ReferenceNatsServer.freeTcpPort();
        int theirLeafPort = ReferenceNatsServer.freeTcpPort();
        ours = new NatsBroker(BrokerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .serverName("ours")
                .leafNodes(new LeafNodeConfig(
                        "127.0.0.1",
                        ourLeafPort,
                        null,
                        List.of(new LeafNodeConfig.Remote(
                                List.of(URI.create("nats-leaf://127.0.0.1:" + theirLeafPort)),
                                null,
                                null,
                                List.of(),
                                List.of())),
                        Duration.ofMillis(200)))
                .build());
        ours.start();
        Path conf = dir.resolve("theirs.conf");
        Files.writeString(
                conf,
                "server_name: theirs\nleafnodes { listen: 127.0.0.1:" + theirLeafPort
                        + "\n reconnect: \"200ms\"\n remotes: [ { url: \"nats-leaf://127.0.0.1:" + ourLeafPort
                        + "\" } ] }\n");
        theirs = ReferenceNatsServer.start(dir, List.of("-c", conf.toString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> theirs.log().contains("Loop detected for leafnode account"));
        assertThat(theirs.log()).contains("Loop detected for leafnode account=\"$G\"");
        // the looping link is dropped and not tried again for 30 s: at most one link stays up
        await().atMost(Duration.ofSeconds(10)).until(() -> ours.leafNodeCount() <= 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> ours.leafNodeCount() <= 1);
    }
}
