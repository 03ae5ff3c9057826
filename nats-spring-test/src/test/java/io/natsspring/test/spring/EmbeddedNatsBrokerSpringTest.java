package io.natsspring.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.NatsBroker;
import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerPort;
import io.natsspring.test.NatsBrokerUrl;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** A Spring test with the annotation: one broker, owned by the context, that the application is pointed at. */
@SpringJUnitConfig(EmbeddedNatsBrokerSpringTest.Config.class)
@EmbeddedNatsBroker(jetStream = true, serverName = "spring-test")
class EmbeddedNatsBrokerSpringTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    NatsBroker broker;

    @Value("${nats.servers}")
    String servers;

    @Value("${nats.mode}")
    String mode;

    @Test
    void theApplicationIsPointedAtTheContextsBroker(
            @NatsBrokerUrl String url, @NatsBrokerPort int port, NatsBroker parameter) throws Exception {
        assertThat(parameter).isSameAs(broker);
        assertThat(context.getBeansOfType(NatsBroker.class)).hasSize(1);
        assertThat(servers).isEqualTo(url).isEqualTo(broker.clientUrl());
        assertThat(port).isEqualTo(broker.port());
        assertThat(mode).isEqualTo("remote");
        Options options = Options.builder()
                .server(servers)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        try (Connection nc = Nats.connect(options)) {
            assertThat(nc.getServerInfo().getServerName()).isEqualTo("spring-test");
            assertThat(nc.getServerInfo().isJetStreamAvailable()).isTrue();
        }
    }

    @Test
    void aPausedContextKeepsItsBroker() {
        ConfigurableApplicationContext configurable = (ConfigurableApplicationContext) context;
        configurable.stop();
        assertThat(broker.isRunning()).isTrue();
        configurable.start();
        assertThat(broker.isRunning()).isTrue();
    }

    /** Same configuration, so the same cached context and broker. */
    @Nested
    class NestedTests {

        @Autowired
        ApplicationContext nestedContext;

        @Test
        void shareTheCachedContextAndItsBroker(NatsBroker nested) {
            assertThat(nestedContext).isSameAs(context);
            assertThat(nested).isSameAs(broker);
        }
    }

    @Configuration
    static class Config {}
}
