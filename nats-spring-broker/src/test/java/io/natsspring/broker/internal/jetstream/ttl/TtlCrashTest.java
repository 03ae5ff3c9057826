package io.natsspring.broker.internal.jetstream.ttl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.internal.jetstream.ChildBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills (-9) a broker JVM holding TTL'd messages; after a restart they still expire on time, the others stay. */
@Tag("child-jvm") // run alone, after the parallel forks (see the surefire configuration in pom.xml)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TtlCrashTest {

    @TempDir
    Path storeDir;

    private ChildBroker startChild() throws Exception {
        return ChildBroker.start(storeDir);
    }

    private static Connection connect(int port) throws Exception {
        return ChildBroker.connect(port);
    }

    @Test
    void ttlsExpireAfterAKill() throws Exception {
        ChildBroker first = startChild();
        try (Connection nc = connect(first.port())) {
            nc.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name("TTLC")
                            .subjects("ttlc.>")
                            .storageType(StorageType.File)
                            .allowMessageTtl()
                            .build());
            JetStream js = nc.jetStream();
            PublishOptions shortTtl =
                    PublishOptions.builder().messageTtlSeconds(3).build();
            for (int i = 0; i < 200; i++) {
                js.publish("ttlc.short." + (i % 10), new byte[16], shortTtl);
            }
            js.publish(
                    "ttlc.long",
                    new byte[16],
                    PublishOptions.builder().messageTtlCustom("1h").build());
            js.publish(
                    "ttlc.never",
                    new byte[16],
                    PublishOptions.builder().messageTtlNever().build());
        } finally {
            first.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        ChildBroker second = startChild();
        try (Connection nc = connect(second.port())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jsm.getStreamInfo("TTLC").getStreamState().getMsgCount() == 2);
            assertThat(jsm.getMessage("TTLC", 201).getSubject()).isEqualTo("ttlc.long");
            assertThat(jsm.getMessage("TTLC", 202).getSubject()).isEqualTo("ttlc.never");
        } finally {
            second.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
