package io.natsspring.boot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsspring.boot.autoconfigure.jetstream.JetStreamDeclarationException;
import io.natsspring.boot.testsupport.Causes;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.test.NatsCluster;
import io.natsspring.test.server.NatsServerCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Declarations with replicas and placement on a 3-node cluster of the real nats-server. */
@NatsCluster(
        nodes = 3,
        name = "decl",
        serverTags = {"az:1", "az:2", "az:3"})
@Timeout(60)
class ClusterDeclarationsTest {

    private final NatsServerCluster cluster;

    @TempDir
    Path store;

    ClusterDeclarationsTest(NatsServerCluster cluster) {
        this.cluster = cluster;
    }

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store)
                .withPropertyValues("nats.servers=" + cluster.servers(), "nats.jetstream.request-timeout=10s");
    }

    @Test
    void declaresReplicatedStreamsConsumersAndBucketsWithPlacement() throws Exception {
        runner().withPropertyValues(
                        "nats.jetstream.streams[0].name=R3",
                        "nats.jetstream.streams[0].subjects=r3.>",
                        "nats.jetstream.streams[0].replicas=3",
                        "nats.jetstream.streams[0].placement.cluster=decl",
                        "nats.jetstream.streams[1].name=TAGGED",
                        "nats.jetstream.streams[1].subjects=tagged.>",
                        "nats.jetstream.streams[1].placement.tags=az:2",
                        "nats.jetstream.consumers[0].stream=R3",
                        "nats.jetstream.consumers[0].durable=worker",
                        "nats.jetstream.consumers[0].replicas=3",
                        "nats.jetstream.consumers[0].mem-storage=true",
                        "nats.jetstream.key-value[0].name=state",
                        "nats.jetstream.key-value[0].replicas=3",
                        "nats.jetstream.object-store[0].name=files",
                        "nats.jetstream.object-store[0].replicas=3",
                        "nats.jetstream.object-store[0].placement.cluster=decl")
                .run(context -> assertThat(context).hasNotFailed());
        try (Connection nc = cluster.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamInfo r3 = jsm.getStreamInfo("R3");
            assertThat(r3.getConfiguration().getReplicas()).isEqualTo(3);
            assertThat(r3.getConfiguration().getPlacement().getCluster()).isEqualTo("decl");
            assertThat(r3.getClusterInfo().getReplicas()).hasSize(2);
            ConsumerConfiguration worker = jsm.getConsumerInfo("R3", "worker").getConsumerConfiguration();
            assertThat(worker.getNumReplicas()).isEqualTo(3);
            assertThat(worker.isMemStorage()).isTrue();
            assertThat(nc.keyValueManagement().getStatus("state").getReplicas()).isEqualTo(3);
            assertThat(nc.objectStoreManagement()
                            .getStatus("files")
                            .getConfiguration()
                            .getReplicas())
                    .isEqualTo(3);
        }
        // az:2 is node 2 only: the R1 stream lives there.
        assertThat(cluster.awaitStreamLeader("TAGGED", Duration.ofSeconds(10)).index())
                .isEqualTo(1);
    }

    @Test
    void raisingReplicasUpdatesStreamsAndBucketsInPlace() throws Exception {
        String[] r1 = {
            "nats.jetstream.streams[0].name=GROW",
            "nats.jetstream.streams[0].subjects=grow.>",
            "nats.jetstream.streams[0].replicas=1",
            "nats.jetstream.key-value[0].name=grow-kv",
            "nats.jetstream.key-value[0].replicas=1",
            "nats.jetstream.object-store[0].name=grow-os",
            "nats.jetstream.object-store[0].replicas=1"
        };
        runner().withPropertyValues(r1).run(context -> assertThat(context).hasNotFailed());
        runner().withPropertyValues(r1)
                .withPropertyValues(
                        "nats.jetstream.streams[0].replicas=3",
                        "nats.jetstream.key-value[0].replicas=3",
                        "nats.jetstream.object-store[0].replicas=3")
                .run(context -> assertThat(context).hasNotFailed());
        try (Connection nc = cluster.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            assertThat(jsm.getStreamInfo("GROW").getConfiguration().getReplicas())
                    .isEqualTo(3);
            assertThat(jsm.getStreamInfo("KV_grow-kv").getConfiguration().getReplicas())
                    .isEqualTo(3);
            assertThat(jsm.getStreamInfo("OBJ_grow-os").getConfiguration().getReplicas())
                    .isEqualTo(3);
        }
    }

    @Test
    void aRefusedReplicaChangeIsReportedWithTheField() throws Exception {
        try (Connection nc = cluster.connect()) {
            nc.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name("SMALL")
                            .subjects("small.>")
                            .replicas(1)
                            .build());
            nc.jetStreamManagement()
                    .addOrUpdateConsumer(
                            "SMALL",
                            ConsumerConfiguration.builder().durable("reader").build());
        }
        runner().withPropertyValues(
                        "nats.jetstream.consumers[0].stream=SMALL",
                        "nats.jetstream.consumers[0].durable=reader",
                        "nats.jetstream.consumers[0].replicas=3")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(Causes.find(context.getStartupFailure(), JetStreamDeclarationException.class))
                            .isNotNull()
                            .hasMessageContaining("consumer 'reader' of stream 'SMALL'")
                            .hasMessageContaining("replicas: 0 -> 3");
                });
    }
}
