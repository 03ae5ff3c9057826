package io.natsspring.broker.internal.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Queue weights on a hub, pinned against nats-server 2.15.1: with no member on the hub, a queue group whose members
 * sit behind two leaf nodes (three members behind one, one behind the other, announced as {@code LS+ work q 3} and
 * {@code LS+ work q 1}) gets its messages split about 3:1, each message to exactly one member; nats-server shadows a
 * remote member once per unit of weight and picks from a random start, which is a choice in proportion to the
 * weights. A hub member, when there is one, gets them all (local preference: {@code HubOfNatsServerLeafTest}).
 */
@Timeout(60)
class LeafQueueWeightTest {

    private static final int MESSAGES = 400;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "ours={0}")
    @ValueSource(booleans = {true, false})
    void remoteMembersArePickedInProportionToTheirWeights(boolean ours) throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
        int port = ReferenceNatsServer.freeTcpPort();
        Path conf = Files.writeString(
                dir.resolve("hub.conf"), "server_name: hub\nleafnodes { listen: 127.0.0.1:" + port + " }\n");
        List<AutoCloseable> open = new ArrayList<>();
        try {
            String hubUrl;
            if (ours) {
                NatsBroker b = new NatsBroker(BrokerConfigFile.load(conf).options().toBuilder()
                                .host("127.0.0.1")
                                .port(0)
                                .build())
                        .start();
                open.add(b::close);
                hubUrl = b.clientUrl();
            } else {
                ReferenceNatsServer r = ReferenceNatsServer.start(dir.resolve("hub"), List.of("-c", conf.toString()));
                open.add(r::close);
                hubUrl = r.url();
            }
            ReferenceNatsServer a = leaf("a", port);
            open.add(a::close);
            ReferenceNatsServer b = leaf("b", port);
            open.add(b::close);
            Connection onHub = LeafLinks.connect(hubUrl);
            open.add(onHub::close);
            Connection onA = LeafLinks.connect(a.url());
            open.add(onA::close);
            Connection onB = LeafLinks.connect(b.url());
            open.add(onB::close);
            List<Subscription> aMembers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                aMembers.add(onA.subscribe("work", "q"));
            }
            Subscription bMember = onB.subscribe("work", "q");
            onA.flush(Duration.ofSeconds(2));
            onB.flush(Duration.ofSeconds(2));
            // probes until both leaves' interest has reached the hub
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        onHub.publish("work", new byte[0]);
                        onHub.flush(Duration.ofSeconds(2));
                        return pending(aMembers) > 0 && bMember.getPendingMessageCount() > 0;
                    });
            Thread.sleep(300); // the last weight updates
            onHub.flush(Duration.ofSeconds(2));
            int probesA = drain(aMembers);
            int probesB = drain(List.of(bMember));
            assertThat(probesA + probesB).isPositive();
            for (int i = 0; i < MESSAGES; i++) {
                onHub.publish("work", new byte[0]);
            }
            onHub.flush(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> pending(aMembers) + bMember.getPendingMessageCount() >= MESSAGES);
            Thread.sleep(200); // nothing more (no duplicates)
            int toA = drain(aMembers);
            int toB = drain(List.of(bMember));
            System.out.printf(
                    "queue weights 3:1 (%s hub): %d to the 3-member leaf, %d to the 1-member leaf%n",
                    ours ? "our" : "nats-server", toA, toB);
            assertThat(toA + toB).isEqualTo(MESSAGES);
            assertThat(toA).isBetween(MESSAGES * 60 / 100, MESSAGES * 90 / 100);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    private ReferenceNatsServer leaf(String name, int hubPort) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path conf = Files.writeString(
                d.resolve(name + ".conf"),
                "server_name: " + name
                        + "\nleafnodes { reconnect: \"250ms\", remotes: [ { url: \"nats-leaf://127.0.0.1:" + hubPort
                        + "\" } ] }\n");
        return ReferenceNatsServer.start(d, List.of("-c", conf.toString()));
    }

    private static long pending(List<Subscription> subs) {
        return subs.stream().mapToLong(Subscription::getPendingMessageCount).sum();
    }

    private static int drain(List<Subscription> subs) throws InterruptedException {
        int n = 0;
        for (Subscription s : subs) {
            while (s.nextMessage(Duration.ofMillis(1)) != null) {
                n++;
            }
        }
        return n;
    }
}
