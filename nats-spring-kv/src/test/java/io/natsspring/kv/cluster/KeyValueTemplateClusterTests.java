package io.natsspring.kv.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.natsspring.annotation.support.JacksonNatsMessageConverter;
import io.natsspring.kv.core.KeyValueException;
import io.natsspring.kv.core.KeyValueTemplate;
import io.natsspring.kv.core.KeyValueTemplates;
import io.natsspring.test.NatsCluster;
import io.natsspring.test.server.NatsClusterNode;
import io.natsspring.test.server.NatsServerCluster;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The typed template on an R3 bucket of a three-node nats-server cluster: the node leading the bucket's stream is
 * killed (kill -9) while values are written; writes resume on the new leader, nothing written is lost, and the
 * restarted node catches up.
 */
@NatsCluster(nodes = 3, name = "kv")
@Timeout(90)
class KeyValueTemplateClusterTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int VALUES = 40;

    private final NatsServerCluster cluster;

    KeyValueTemplateClusterTests(NatsServerCluster cluster) {
        this.cluster = cluster;
    }

    record Setting(String name, int value) {}

    @Test
    void writesResumeAfterTheBucketLeaderIsKilledAndNothingIsLost() throws Exception {
        try (Connection nc = cluster.connect()) {
            nc.keyValueManagement()
                    .create(KeyValueConfiguration.builder()
                            .name("settings")
                            .replicas(3)
                            .maxHistoryPerKey(5)
                            .storageType(StorageType.File)
                            .build());
            KeyValueTemplate<Setting> settings =
                    new KeyValueTemplates(nc, new JacksonNatsMessageConverter()).forBucket("settings", Setting.class);
            NatsClusterNode leader = cluster.awaitStreamLeader("KV_settings", WAIT);
            for (int i = 0; i < VALUES; i++) {
                Setting value = new Setting("s" + i, i);
                String key = "s." + i;
                retrying(() -> settings.put(key, value));
                if (i == VALUES / 2) {
                    leader.kill();
                }
            }
            NatsClusterNode next = cluster.awaitNewStreamLeader("KV_settings", leader, WAIT);
            assertThat(next).isNotSameAs(leader);
            for (int i = 0; i < VALUES; i++) {
                int n = i;
                assertThat(retrying(() -> settings.get("s." + n))).contains(new Setting("s" + i, i));
            }
            // an update with the revision check works on the new leader
            long revision =
                    retrying(() -> settings.getEntry("s.0")).orElseThrow().revision();
            assertThat(retrying(() -> settings.update("s.0", new Setting("s0", 100), revision)))
                    .isGreaterThan(revision);

            leader.restart();
            cluster.awaitReady(WAIT);
            assertThat(nc.jetStreamManagement()
                            .getStreamInfo("KV_settings")
                            .getStreamState()
                            .getMsgCount())
                    .isEqualTo(VALUES + 1);
        }
    }

    /** Retries while the bucket has no leader (an election takes seconds), up to {@link #WAIT}. */
    private static <T> T retrying(Callable<T> call) {
        return await().atMost(WAIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(KeyValueException.class)
                .until(call, Objects::nonNull);
    }
}
