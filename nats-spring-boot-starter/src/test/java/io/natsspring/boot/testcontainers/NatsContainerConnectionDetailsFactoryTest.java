package io.natsspring.boot.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.boot.autoconfigure.NatsConnectionDetails;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSources;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import org.testcontainers.containers.Container;

/**
 * Runs the factory through Spring Boot's own {@link ConnectionDetailsFactories} (which loads it from
 * {@code spring.factories}) against a stand-in container: no Docker needed. Starting a real {@code nats} container
 * is what Testcontainers itself would add, and is not covered here.
 */
class NatsContainerConnectionDetailsFactoryTest {

    private final ConnectionDetailsFactories factories =
            new ConnectionDetailsFactories(getClass().getClassLoader());

    @Test
    void natsImageGivesServerAtMappedClientPort() throws Exception {
        NatsConnectionDetails details = detailsFor("nats:2.10", "", container("localhost", 32771));
        assertThat(details).isInstanceOf(NatsContainerConnectionDetailsFactory.ContainerNatsConnectionDetails.class);
        assertThat(details.getServers()).containsExactly("nats://localhost:32771");
        assertThat(details.getUsername()).isNull();
        assertThat(details.getPassword()).isNull();
        assertThat(details.getToken()).isNull();
    }

    @Test
    void credentialsComeFromTheContainerCommand() throws Exception {
        NatsConnectionDetails details = detailsFor(
                "nats:2.10",
                "",
                container("127.0.0.1", 40000, "-js", "--user", "alice", "--pass", "s3cr3t", "--auth", "tok"));
        assertThat(details.getUsername()).isEqualTo("alice");
        assertThat(details.getPassword()).isEqualTo("s3cr3t");
        assertThat(details.getToken()).isEqualTo("tok");
    }

    @Test
    void credentialsFallBackToNatsProperties() throws Exception {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("nats.username", "bob")
                .withProperty("nats.password", "pw")
                .withProperty("nats.token", "t");
        NatsConnectionDetails details =
                detailsFor("nats:latest", "", container("localhost", 1234, "--user", "carol"), environment);
        assertThat(details.getUsername()).isEqualTo("carol");
        assertThat(details.getPassword()).isEqualTo("pw");
        assertThat(details.getToken()).isEqualTo("t");
    }

    @Test
    void ipv6HostIsBracketed() throws Exception {
        NatsConnectionDetails details = detailsFor("nats", "", container("::1", 4333));
        assertThat(details.getServers()).containsExactly("nats://[::1]:4333");
    }

    @Test
    void connectionNameSelectsOtherImages() throws Exception {
        NatsConnectionDetails details = detailsFor("example/custom-nats:1", "nats", container("localhost", 5555));
        assertThat(details.getServers()).containsExactly("nats://localhost:5555");
    }

    @Test
    void otherImagesAreNotMatched() {
        ContainerConnectionSource<Container<?>> source =
                ContainerConnectionSources.of("redis:7", "", container("localhost", 6379));
        assertThat(factories.getConnectionDetails(source, false)).doesNotContainKey(NatsConnectionDetails.class);
    }

    private NatsConnectionDetails detailsFor(String image, String name, Container<?> container) throws Exception {
        return detailsFor(image, name, container, new MockEnvironment());
    }

    private NatsConnectionDetails detailsFor(
            String image, String name, Container<?> container, MockEnvironment environment) throws Exception {
        Map<Class<?>, ConnectionDetails> all =
                factories.getConnectionDetails(ContainerConnectionSources.of(image, name, container), true);
        assertThat(all).containsKey(NatsConnectionDetails.class);
        NatsContainerConnectionDetailsFactory.ContainerNatsConnectionDetails details =
                (NatsContainerConnectionDetailsFactory.ContainerNatsConnectionDetails)
                        all.get(NatsConnectionDetails.class);
        // What the bean factory does for the registered details bean.
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.setEnvironment(environment);
            details.setApplicationContext(context);
        }
        details.afterPropertiesSet();
        return details;
    }

    /** A started container as far as the details read it: host, mapped client port and command. */
    private static Container<?> container(String host, int mappedPort, String... command) {
        return (Container<?>) Proxy.newProxyInstance(
                NatsContainerConnectionDetailsFactoryTest.class.getClassLoader(),
                new Class<?>[] {Container.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHost" -> host;
                    case "getMappedPort" -> {
                        assertThat(args[0]).isEqualTo(4222);
                        yield mappedPort;
                    }
                    case "getCommandParts" -> command;
                    case "toString" -> "container(" + host + ")";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
