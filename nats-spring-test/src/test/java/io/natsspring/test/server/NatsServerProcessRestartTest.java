package io.natsspring.test.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

/** {@link NatsServerProcess#stop()} and {@link NatsServerProcess#restart()} keep the port and the store. */
class NatsServerProcessRestartTest {

    @Test
    void restartsOnTheSamePortWithTheSameStore() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.startWithJetStream()) {
            int port = server.port();
            try (Connection nc = Nats.connect(server.url())) {
                nc.jetStreamManagement()
                        .addStream(StreamConfiguration.builder()
                                .name("KEPT")
                                .subjects("kept.>")
                                .storageType(StorageType.File)
                                .build());
            }
            server.stop();
            assertThat(server.isRunning()).isFalse();

            server.restart();
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isEqualTo(port);
            try (Connection nc = Nats.connect(server.url())) {
                JetStreamManagement jsm = nc.jetStreamManagement();
                assertThat(jsm.getStreamNames()).contains("KEPT");
            }
        }
    }
}
