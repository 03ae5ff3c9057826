package io.natsspring.broker.it;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsspring.broker.server.NatsBroker;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CorePubSubTest extends BrokerTestSupport {

    @Test
    void publishesToExactSubscriber() throws Exception {
        NatsBroker broker = startBroker();
        Connection sub = connect(broker);
        Connection pub = connect(broker);
        Subscription s = sub.subscribe("orders.created");
        sub.flush(Duration.ofSeconds(2));
        pub.publish("orders.created", "hello".getBytes(StandardCharsets.UTF_8));
        pub.publish("orders.other", "no".getBytes(StandardCharsets.UTF_8));
        Message m = s.nextMessage(Duration.ofSeconds(2));
        assertThat(m).isNotNull();
        assertThat(m.getSubject()).isEqualTo("orders.created");
        assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(s.nextMessage(Duration.ofMillis(200))).isNull();
    }
}
