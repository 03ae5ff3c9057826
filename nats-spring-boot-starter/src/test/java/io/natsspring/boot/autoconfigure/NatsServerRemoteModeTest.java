package io.natsspring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.jetstream.JetStreamDeclarationException;
import io.natsspring.boot.template.NatsTemplate;
import io.natsspring.boot.testsupport.Causes;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.NatsBroker;
import io.natsspring.test.server.NatsServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Remote mode against a real {@code nats-server} without JetStream (the newest installed). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsServerRemoteModeTest {

    private NatsServerProcess server;

    @TempDir
    Path store;

    /** The nats-server binary of this run: the newest installed (see {@link OldestNatsServerRemoteModeTest}). */
    Path binary() {
        return NatsServerProcess.binary();
    }

    @BeforeAll
    void startServer() {
        server = NatsServerProcess.start(binary(), false);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void connectsToTheServerAndStartsNoBroker() {
        NatsAutoConfigurations.runner(store)
                .withPropertyValues("nats.servers=" + server.url())
                .run(context -> {
                    assertThat(context).doesNotHaveBean(NatsBroker.class);
                    Connection connection = context.getBean(Connection.class);
                    assertThat(connection.getServerInfo().getServerName()).isEqualTo("test-server-" + server.port());
                    assertThat(connection.getServerInfo().isJetStreamAvailable())
                            .isFalse();
                    // The JetStream beans exist (creating them sends nothing); the template works for core NATS.
                    assertThat(context).hasSingleBean(NatsTemplate.class);
                });
    }

    @Test
    void declarationsWithoutJetStreamFailWithAClearMessage() {
        NatsAutoConfigurations.runner(store)
                .withPropertyValues(
                        "nats.servers=" + server.url(),
                        "nats.jetstream.request-timeout=1s",
                        "nats.jetstream.streams[0].name=ORDERS",
                        "nats.jetstream.streams[0].subjects=orders.>")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(Causes.find(context.getStartupFailure(), JetStreamDeclarationException.class))
                            .isNotNull()
                            .hasMessageContaining("need JetStream")
                            .hasMessageContaining("-js");
                });
    }
}
