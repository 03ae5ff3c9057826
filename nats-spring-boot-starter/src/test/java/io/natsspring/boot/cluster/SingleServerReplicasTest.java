package io.natsspring.boot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.boot.autoconfigure.jetstream.JetStreamDeclarationException;
import io.natsspring.boot.testsupport.Causes;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.test.server.NatsServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single server refuses replicas > 1 (error 10074), the embedded broker as nats-server without a cluster does;
 * the declaration failure says what to declare instead.
 */
class SingleServerReplicasTest {

    private static final String[] R3_STREAM = {
        "nats.jetstream.streams[0].name=ORDERS",
        "nats.jetstream.streams[0].subjects=orders.>",
        "nats.jetstream.streams[0].replicas=3"
    };

    @TempDir
    Path store;

    @Test
    void theEmbeddedBrokerAndAStandaloneNatsServerRefuseReplicasAlike() {
        List<String> messages = new ArrayList<>();
        NatsAutoConfigurations.runner(store)
                .withPropertyValues("nats.mode=embedded", "nats.broker.jetstream=true")
                .withPropertyValues(R3_STREAM)
                .run(context -> messages.add(failure(context)));
        try (NatsServerProcess server = NatsServerProcess.startWithJetStream()) {
            NatsAutoConfigurations.runner(store)
                    .withPropertyValues("nats.servers=" + server.url())
                    .withPropertyValues(R3_STREAM)
                    .run(context -> messages.add(failure(context)));
        }
        assertThat(messages)
                .hasSize(2)
                .allSatisfy(m -> assertThat(m)
                        .contains("stream 'ORDERS'")
                        .contains("replicas > 1 not supported in non-clustered mode [error 10074]")
                        .contains("declare replicas: 1"));
    }

    @Test
    void bucketsWithReplicasAreRefusedByTheEmbeddedBroker() {
        NatsAutoConfigurations.runner(store)
                .withPropertyValues(
                        "nats.mode=embedded",
                        "nats.broker.jetstream=true",
                        "nats.jetstream.key-value[0].name=state",
                        "nats.jetstream.key-value[0].replicas=3")
                .run(context -> assertThat(failure(context))
                        .contains("key-value bucket 'state'")
                        .contains("[error 10074]"));
    }

    private static String failure(org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        JetStreamDeclarationException e = Causes.find(context.getStartupFailure(), JetStreamDeclarationException.class);
        assertThat(e).isNotNull();
        return e.getMessage();
    }
}
