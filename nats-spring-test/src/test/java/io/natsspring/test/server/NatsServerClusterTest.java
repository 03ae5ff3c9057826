package io.natsspring.test.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsspring.test.NatsCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** {@link NatsServerCluster} with {@link NatsCluster}: three real nodes, leaders found, a leader killed. */
@NatsCluster(nodes = 3, name = "infra")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class NatsServerClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final NatsServerCluster cluster;

    NatsServerClusterTest(NatsServerCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    @Order(1)
    void startsNodesOnDistinctLoopbackPortsWithAMetaLeader() throws Exception {
        assertThat(cluster.name()).isEqualTo("infra");
        assertThat(cluster.nodes()).hasSize(3).allMatch(NatsClusterNode::isRunning);
        Set<Integer> ports = new HashSet<>();
        for (NatsClusterNode node : cluster.nodes()) {
            ports.addAll(List.of(node.port(), node.clusterPort(), node.monitorPort()));
            assertThat(node.url()).startsWith("nats://127.0.0.1:");
        }
        assertThat(ports).hasSize(9);
        assertThat(cluster.servers()).isEqualTo(String.join(",", cluster.urls()));
        NatsClusterNode leader = cluster.awaitMetaLeader(WAIT);
        assertThat(cluster.nodes()).contains(leader);
        try (Connection nc = cluster.connect()) {
            assertThat(nc.getServerInfo().isJetStreamAvailable()).isTrue();
            assertThat(nc.getServerInfo().getCluster()).isEqualTo("infra");
        }
    }

    // snippet: docs/testing.md "A node killed under a replicated stream"
    @Test
    @Order(2)
    void aKilledStreamLeaderIsReplacedAndRejoinsAfterRestart() throws Exception {
        try (Connection nc = cluster.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("KILLED")
                    .subjects("killed.>")
                    .storageType(StorageType.File)
                    .replicas(3)
                    .build());
            nc.jetStream().publish("killed.before", "1".getBytes(StandardCharsets.UTF_8));

            NatsClusterNode leader = cluster.awaitStreamLeader("KILLED", WAIT);
            leader.kill(); // kill -9

            NatsClusterNode next = cluster.awaitNewStreamLeader("KILLED", leader, WAIT);
            assertThat(next).isNotSameAs(leader);
            nc.jetStream().publish("killed.after", "2".getBytes(StandardCharsets.UTF_8));

            leader.restart(); // same ports, same store
            cluster.awaitReady(WAIT);
            StreamInfo info = jsm.getStreamInfo("KILLED");
            assertThat(info.getStreamState().getMsgCount()).isEqualTo(2);
            assertThat(info.getClusterInfo().getLeader()).isEqualTo(next.name());
        }
    }
    // end snippet

    @Test
    @Order(3)
    void stepsDownAStreamLeaderAndFindsConsumerLeaders() throws Exception {
        try (Connection nc = cluster.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("STEPPED")
                    .subjects("stepped.>")
                    .replicas(3)
                    .build());
            jsm.addOrUpdateConsumer(
                    "STEPPED", ConsumerConfiguration.builder().durable("reader").build());
            NatsClusterNode before = cluster.awaitStreamLeader("STEPPED", WAIT);
            NatsClusterNode after = cluster.stepDownStream("STEPPED", WAIT);
            assertThat(after).isNotSameAs(before);
            assertThat(jsm.getStreamInfo("STEPPED").getClusterInfo().getLeader())
                    .isEqualTo(after.name());
            NatsClusterNode consumerLeader = cluster.awaitConsumerLeader("STEPPED", "reader", WAIT);
            assertThat(jsm.getConsumerInfo("STEPPED", "reader").getClusterInfo().getLeader())
                    .isEqualTo(consumerLeader.name());
        }
    }

    @Test
    @Order(4)
    void aStoppedNodeIsNotALeaderAndUnknownNamesAreRejected() {
        NatsClusterNode node = cluster.node(2);
        node.stop();
        try {
            assertThat(node.isRunning()).isFalse();
            assertThat(cluster.awaitMetaLeader(WAIT)).isNotSameAs(node);
        } finally {
            node.restart();
            cluster.awaitReady(WAIT);
        }
        assertThat(cluster.node(node.name())).isSameAs(node);
        assertThatThrownBy(() -> cluster.node("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
