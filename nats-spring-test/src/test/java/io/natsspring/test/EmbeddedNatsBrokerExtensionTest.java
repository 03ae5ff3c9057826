package io.natsspring.test;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.NatsBroker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

// snippet: docs/testing.md "A plain JUnit 5 test"
@EmbeddedNatsBroker(serverName = "ext-test")
class EmbeddedNatsBrokerExtensionTest {

    private final NatsBroker broker;

    EmbeddedNatsBrokerExtensionTest(NatsBroker broker) {
        this.broker = broker;
    }

    @Test
    void injectsUrlAndPortOfTheRunningBroker(@NatsBrokerUrl String url, @NatsBrokerPort int port) throws Exception {
        assertThat(broker.isRunning()).isTrue();
        assertThat(port).isEqualTo(broker.port()).isPositive();
        assertThat(url).isEqualTo("nats://127.0.0.1:" + port);
        Options options = Options.builder().server(url).connectionTimeout(Duration.ofSeconds(10)).build();
        try (Connection nc = Nats.connect(options)) {
            Subscription sub = nc.subscribe("ext.hello");
            nc.publish("ext.hello", "hi".getBytes(StandardCharsets.UTF_8));
            Message m = sub.nextMessage(Duration.ofSeconds(2));
            assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("hi");
            assertThat(nc.getServerInfo().getServerName()).isEqualTo("ext-test");
        }
    }

    @Nested
    class NestedTests {
        @Test
        void shareTheOuterBroker(NatsBroker nested) {
            assertThat(nested).isSameAs(broker);
        }
    }
}
// end snippet
