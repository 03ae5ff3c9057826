package io.natsspring.boot.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.NatsConnectionDetails;
import io.natsspring.broker.NatsBroker;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers path with a real {@code nats} container: {@code @ServiceConnection} points the application at
 * it. Runs where Docker is available; elsewhere the class is disabled with the reason before Spring looks at the
 * container (as {@code @Testcontainers(disabledWithoutDocker = true)} would). The image is
 * {@code $NATS_DOCKER_IMAGE}, by default {@value #DEFAULT_IMAGE}.
 */
@EnabledIf(
        value = "dockerAvailable",
        disabledReason = "Docker is not available here (Testcontainers found no"
                + " working Docker environment): the test with a real nats container runs where Docker is")
@SpringBootTest(classes = NatsContainerServiceConnectionTest.App.class, properties = "nats.drain-timeout=1s")
@DirtiesContext
class NatsContainerServiceConnectionTest {

    static final String DEFAULT_IMAGE = "nats:2.15";

    @ServiceConnection
    static final GenericContainer<?> NATS = new GenericContainer<>(DockerImageName.parse(
                    Optional.ofNullable(System.getenv("NATS_DOCKER_IMAGE")).orElse(DEFAULT_IMAGE)))
            .withExposedPorts(NatsContainerConnectionDetailsFactory.CLIENT_PORT)
            .withCommand("-js")
            .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1))
            .withStartupTimeout(Duration.ofSeconds(60));

    @Autowired
    ApplicationContext context;

    @Autowired
    NatsConnectionDetails details;

    @Autowired
    Connection connection;

    @BeforeAll
    static void startContainer() {
        NATS.start();
    }

    @AfterAll
    static void stopContainer() {
        if (NATS.isRunning()) {
            NATS.stop();
        }
    }

    @Test
    void connectsToTheContainer() throws Exception {
        String url = "nats://" + NATS.getHost() + ":"
                + NATS.getMappedPort(NatsContainerConnectionDetailsFactory.CLIENT_PORT);
        assertThat(details.getServers()).containsExactly(url);
        assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
        assertThat(connection.jetStreamManagement().getAccountStatistics()).isNotNull();
        assertThat(context.getBeansOfType(NatsBroker.class))
                .as("no embedded broker")
                .isEmpty();
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}
}
