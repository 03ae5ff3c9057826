package io.natsspring.boot.docs.jnats;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@EmbeddedNatsBroker(jetStream = true)
class CodecTest {

    @Test
    void roundTrip(@NatsBrokerUrl String url) throws Exception {
        try (Connection nc = Nats.connect(url)) {
            Subscription sub = nc.subscribe("codec.test");
            nc.publish("codec.test", "hello".getBytes(StandardCharsets.UTF_8));
            Message m = sub.nextMessage(Duration.ofSeconds(5));
            assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }
}
