package io.natsspring.boot.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.NatsConnectionDetails;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.testcontainers.containers.Container;

/**
 * A whole application whose NATS connection comes from a {@code @ServiceConnection} field, through Spring Boot's own
 * test machinery. No Docker here: the field holds a stand-in for a started {@code nats} container whose mapped
 * client port is an in-process broker requiring the user and password its command names.
 */
@SpringBootTest(
        classes = ServiceConnectionApplicationTest.App.class,
        properties = {"nats.drain-timeout=1s", "nats.broker.store-dir=${java.io.tmpdir}/nats-spring-test/${random.uuid}"
        })
@DirtiesContext
class ServiceConnectionApplicationTest {

    private static final NatsBroker BROKER = new NatsBroker(BrokerOptions.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .user("alice")
                    .password("s3cr3t")
                    .build())
            .start();

    @ServiceConnection
    static final Container<?> NATS = startedNatsContainer();

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    NatsConnectionDetails details;

    @Autowired
    Connection connection;

    @Test
    void connectsWithTheContainersAddressAndCredentials() {
        assertThat(details).isInstanceOf(NatsContainerConnectionDetailsFactory.ContainerNatsConnectionDetails.class);
        assertThat(details.getServers()).containsExactly("nats://127.0.0.1:" + BROKER.port());
        assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        assertThat(connection.getConnectedUrl()).endsWith(":" + BROKER.port());
        assertThat(context.getBeansOfType(NatsBroker.class))
                .as("no embedded broker")
                .isEmpty();
    }

    private static Container<?> startedNatsContainer() {
        String[] command = {"--user", "alice", "--pass", "s3cr3t"};
        return (Container<?>) Proxy.newProxyInstance(
                ServiceConnectionApplicationTest.class.getClassLoader(),
                new Class<?>[] {Container.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getDockerImageName" -> "nats:2.10";
                    case "getHost" -> "127.0.0.1";
                    case "getMappedPort" -> BROKER.port();
                    case "getCommandParts" -> command;
                    case "toString" -> "nats container stand-in";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        /** Closes the broker with the context, after the connection drained in the lifecycle stop phase. */
        @Bean
        DisposableBean brokerCloser() {
            return BROKER::close;
        }
    }
}
