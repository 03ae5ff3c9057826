package io.natsspring.broker.internal.jetstream.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.Mirror;
import io.nats.client.api.Source;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.internal.jetstream.ChildBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a broker JVM (kill -9) while a mirror and a source are catching up; after a restart on the same directory
 * both finish with every origin message exactly once: no gap, no duplicate.
 */
@Tag("child-jvm") // run alone, after the parallel forks (see the surefire configuration in pom.xml)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ReplicationCrashTest {

    private static final int MESSAGES = 3000;

    @TempDir
    Path storeDir;

    @Test
    void mirrorAndSourceNeitherLoseNorRepeatAfterAKill() throws Exception {
        ChildBroker first = startChild();
        try (Connection nc = connect(first.port())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("O")
                    .subjects("o.>")
                    .storageType(StorageType.File)
                    .build());
            JetStream js = nc.jetStream();
            for (int i = 1; i <= MESSAGES; i++) {
                js.publishAsync("o." + (i % 7), ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jsm.getStreamInfo("O").getStreamState().getMsgCount() == MESSAGES);
            jsm.addStream(StreamConfiguration.builder()
                    .name("S")
                    .storageType(StorageType.File)
                    .sources(Source.builder().sourceName("O").build())
                    .build());
            jsm.addStream(StreamConfiguration.builder()
                    .name("M")
                    .storageType(StorageType.File)
                    .mirror(Mirror.builder().sourceName("O").build())
                    .build());
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> jsm.getStreamInfo("S").getStreamState().getMsgCount() > 0);
        } finally {
            first.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        ChildBroker second = startChild();
        try (Connection nc = connect(second.port())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            nc.jetStream().publish("o.after", "after".getBytes(StandardCharsets.UTF_8));
            long originLast = jsm.getStreamInfo("O").getStreamState().getLastSequence();
            assertThat(originLast).isEqualTo(MESSAGES + 1);
            await().atMost(Duration.ofSeconds(40))
                    .until(() -> jsm.getStreamInfo("S").getStreamState().getMsgCount() >= originLast
                            && jsm.getStreamInfo("M").getStreamState().getLastSequence() == originLast);
            assertThat(jsm.getStreamInfo("S").getStreamState().getMsgCount()).isEqualTo(originLast);
            assertThat(jsm.getStreamInfo("M").getStreamState().getMsgCount()).isEqualTo(originLast);
            Set<Long> origins = new HashSet<>();
            for (long seq = 1; seq <= originLast; seq++) {
                String header = jsm.getMessage("S", seq).getHeaders().getFirst("Nats-Stream-Source");
                origins.add(Long.parseLong(header.split(" ")[1]));
            }
            assertThat(origins).hasSize((int) originLast);
            assertThat(new String(jsm.getMessage("M", originLast).getData(), StandardCharsets.UTF_8))
                    .isEqualTo("after");
        } finally {
            second.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ChildBroker startChild() throws Exception {
        return ChildBroker.start(storeDir);
    }

    private static Connection connect(int port) {
        return ChildBroker.connect(port);
    }
}
