package io.natsspring.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.test.NatsCluster;
import io.natsspring.test.server.NatsServerCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** A Spring test with {@link NatsCluster}: the context owns the cluster and the application is pointed at it. */
@SpringJUnitConfig(NatsClusterSpringTest.Config.class)
@NatsCluster(nodes = 3)
class NatsClusterSpringTest {

    @Autowired
    NatsServerCluster cluster;

    @Value("${nats.servers}")
    String servers;

    @Value("${nats.mode}")
    String mode;

    @Test
    void theApplicationIsPointedAtEveryNode(NatsServerCluster parameter) throws Exception {
        assertThat(parameter).isSameAs(cluster);
        assertThat(mode).isEqualTo("remote");
        assertThat(servers.split(",")).containsExactlyElementsOf(cluster.urls()).hasSize(3);
        Options options = Options.builder()
                .servers(servers.split(","))
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        try (Connection nc = Nats.connect(options)) {
            assertThat(nc.getServerInfo().getCluster()).isEqualTo(cluster.name());
            assertThat(nc.getServerInfo().isJetStreamAvailable()).isTrue();
        }
    }

    @Configuration
    static class Config {}
}
