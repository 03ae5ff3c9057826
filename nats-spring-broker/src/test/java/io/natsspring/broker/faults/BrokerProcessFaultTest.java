package io.natsspring.broker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fault suite's launcher itself: a file stream survives {@code kill -9} and a restart on the same store. */
@Timeout(120)
class BrokerProcessFaultTest {

    @Test
    void fileStreamSurvivesKillAndRestart(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, List.of("-Xmx64m"), List.of())) {
            try (Connection c = broker.connect()) {
                JetStreamManagement jsm = c.jetStreamManagement();
                jsm.addStream(StreamConfiguration.builder()
                        .name("S")
                        .subjects("s.>")
                        .storageType(StorageType.File)
                        .build());
                for (int i = 0; i < 100; i++) {
                    c.jetStream().publish("s." + i, new byte[] {(byte) i});
                }
            }
            broker.kill();
            broker.restart();
            try (Connection c = broker.connect()) {
                assertThat(c.jetStreamManagement()
                                .getStreamInfo("S")
                                .getStreamState()
                                .getMsgCount())
                        .isEqualTo(100);
            }
            assertThat(broker.terminate(Duration.ofSeconds(20))).isNotEqualTo(-1);
        }
    }
}
