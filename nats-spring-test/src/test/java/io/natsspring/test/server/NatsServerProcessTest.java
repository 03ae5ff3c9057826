package io.natsspring.test.server;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Runs the real nats-server (skipped where none is installed, failed in CI). */
class NatsServerProcessTest {

    // snippet: docs/testing.md "The real nats-server"
    @Test
    void runsTheNewestNatsServerWithJetStream() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.startWithJetStream();
             Connection nc = Nats.connect(Options.builder().server(server.url())
                     .connectionTimeout(Duration.ofSeconds(10)).build())) {
            assertThat(nc.getServerInfo().isJetStreamAvailable()).isTrue();
            assertThat(server.binaryPath()).isEqualTo(NatsServerBinary.find().orElseThrow());
        }
    }
    // end snippet

    @Test
    void closeStopsTheProcessByPid() {
        NatsServerProcess server = NatsServerProcess.start(false);
        ProcessHandle handle = ProcessHandle.of(server.pid()).orElseThrow();
        assertThat(handle.isAlive()).isTrue();
        server.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> !handle.isAlive());
        assertThat(server.isRunning()).isFalse();
    }
}
