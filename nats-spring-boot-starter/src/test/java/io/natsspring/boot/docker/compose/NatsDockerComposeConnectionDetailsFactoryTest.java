package io.natsspring.boot.docker.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.natsspring.boot.autoconfigure.NatsConnectionDetails;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSources;
import org.springframework.mock.env.MockEnvironment;

/**
 * Runs the factory through Spring Boot's own {@link ConnectionDetailsFactories} (which loads it from
 * {@code spring.factories}) against a described service: no Docker needed. Reading a real {@code docker compose}
 * project is Boot's part and is not covered here.
 */
class NatsDockerComposeConnectionDetailsFactoryTest {

    private final ConnectionDetailsFactories factories =
            new ConnectionDetailsFactories(getClass().getClassLoader());

    @Test
    void natsImageGivesServerAtPublishedClientPort() {
        NatsConnectionDetails details = detailsFor(
                service("nats:2.10", "127.0.0.1", Map.of(4222, 54222, 8222, 58222), Map.of()), new MockEnvironment());
        assertThat(details)
                .isInstanceOf(NatsDockerComposeConnectionDetailsFactory.DockerComposeNatsConnectionDetails.class);
        assertThat(details.getServers()).containsExactly("nats://127.0.0.1:54222");
        assertThat(details.getUsername()).isNull();
        assertThat(details.getPassword()).isNull();
        assertThat(details.getToken()).isNull();
    }

    @Test
    void fullyQualifiedOfficialImageMatches() {
        NatsConnectionDetails details = detailsFor(
                service("docker.io/library/nats:latest", "docker-host", Map.of(4222, 4222), Map.of()),
                new MockEnvironment());
        assertThat(details.getServers()).containsExactly("nats://docker-host:4222");
    }

    @Test
    void credentialsComeFromNatsProperties() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("nats.username", "alice")
                .withProperty("nats.password", "s3cr3t")
                .withProperty("nats.token", "tok");
        NatsConnectionDetails details =
                detailsFor(service("nats", "localhost", Map.of(4222, 1), Map.of()), environment);
        assertThat(details.getUsername()).isEqualTo("alice");
        assertThat(details.getPassword()).isEqualTo("s3cr3t");
        assertThat(details.getToken()).isEqualTo("tok");
    }

    @Test
    void serviceConnectionLabelSelectsOtherImages() {
        NatsConnectionDetails details = detailsFor(
                service(
                        "example/custom-nats:1",
                        "localhost",
                        Map.of(4222, 7000),
                        Map.of("org.springframework.boot.service-connection", "nats")),
                new MockEnvironment());
        assertThat(details.getServers()).containsExactly("nats://localhost:7000");
    }

    @Test
    void otherImagesAreNotMatched() {
        RunningService redis = service("redis:7", "localhost", Map.of(6379, 6379), Map.of());
        assertThat(factories.getConnectionDetails(
                        DockerComposeConnectionSources.of(redis, new MockEnvironment()), false))
                .doesNotContainKey(NatsConnectionDetails.class);
    }

    @Test
    void unpublishedClientPortFails() {
        RunningService service = service("nats", "localhost", Map.of(8222, 8222), Map.of());
        assertThatIllegalStateException().isThrownBy(() -> detailsFor(service, new MockEnvironment()));
    }

    @Test
    void serverUrlBracketsIpv6Hosts() {
        assertThat(NatsDockerComposeConnectionDetailsFactory.serverUrl("::1", 4222))
                .isEqualTo("nats://[::1]:4222");
        assertThat(NatsDockerComposeConnectionDetailsFactory.serverUrl("[::1]", 4222))
                .isEqualTo("nats://[::1]:4222");
        assertThat(NatsDockerComposeConnectionDetailsFactory.serverUrl("nats.local", 1))
                .isEqualTo("nats://nats.local:1");
    }

    private NatsConnectionDetails detailsFor(RunningService service, MockEnvironment environment) {
        Map<Class<?>, ConnectionDetails> all =
                factories.getConnectionDetails(DockerComposeConnectionSources.of(service, environment), true);
        assertThat(all).containsKey(NatsConnectionDetails.class);
        return (NatsConnectionDetails) all.get(NatsConnectionDetails.class);
    }

    private static RunningService service(
            String image, String host, Map<Integer, Integer> ports, Map<String, String> labels) {
        return new RunningService() {

            @Override
            public String name() {
                return "nats-1";
            }

            @Override
            public ImageReference image() {
                return ImageReference.of(image);
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public ConnectionPorts ports() {
                return new ConnectionPorts() {

                    @Override
                    public int get(int containerPort) {
                        Integer published = ports.get(containerPort);
                        if (published == null) {
                            throw new IllegalStateException("No host port for container port " + containerPort);
                        }
                        return published;
                    }

                    @Override
                    public List<Integer> getAll() {
                        return List.copyOf(ports.values());
                    }

                    @Override
                    public List<Integer> getAll(String protocol) {
                        return "tcp".equals(protocol) ? getAll() : List.of();
                    }
                };
            }

            @Override
            public Map<String, String> env() {
                return Map.of();
            }

            @Override
            public Map<String, String> labels() {
                return labels;
            }
        };
    }
}
