package io.natsspring.boot.docs.broker;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;

import java.time.Duration;

// tag::snippet[]
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
// end::snippet[]

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding example of docs/broker.md, run. */
class EmbeddingTest {

    @Test
    void startConnectClose() throws Exception {
        // tag::snippet[]
        NatsBroker broker = new NatsBroker(BrokerOptions.builder()
                .host("127.0.0.1")
                .port(0)                 // a free port
                .serverName("embedded")
                .build()).start();
        String url = broker.clientUrl(); // nats://127.0.0.1:<port>
        // end::snippet[]
        try (Connection nc = Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(10)).build())) {
            assertThat(nc.getServerInfo().getServerName()).isEqualTo("embedded");
        }
        // tag::snippet[]
        broker.close();                  // graceful
        // end::snippet[]
    }
}
