package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class ReconnectTest extends BrokerTestSupport {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Test
    void clientReconnectsToARestartedBrokerAndResubscribes() throws Exception {
        BrokerOptions opts =
                BrokerOptions.builder().host("127.0.0.1").port(freePort()).build();
        NatsBroker first = new NatsBroker(opts).start();
        Queue<ConnectionListener.Events> events = new ConcurrentLinkedQueue<>();
        Connection c;
        Subscription s;
        try {
            c = connect(options(first)
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(100))
                    .connectionListener((conn, type) -> events.add(type)));
            s = c.subscribe("re.sub");
            c.flush(WAIT);
            assertThat(first.subscriptionCount()).isEqualTo(1);
        } finally {
            first.close();
        }
        await().atMost(WAIT).until(() -> events.contains(ConnectionListener.Events.DISCONNECTED));

        NatsBroker second = startBrokerAsIs(opts);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> events.contains(ConnectionListener.Events.RECONNECTED)
                        && c.getStatus() == Connection.Status.CONNECTED);
        await().atMost(WAIT).until(() -> second.subscriptionCount() == 1);

        Connection pub = connect(second);
        pub.publish("re.sub", bytes("after restart"));
        Message m = s.nextMessage(WAIT);
        assertThat(m).isNotNull();
        assertThat(text(m)).isEqualTo("after restart");
        c.publish("re.sub", bytes("own"));
        assertThat(text(s.nextMessage(WAIT))).isEqualTo("own");
    }
}
