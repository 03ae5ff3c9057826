package io.natsspring.boot.serviceconnection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The starter's {@code spring.factories} lists both factories under the key Spring Boot loads them from. */
class ServiceConnectionFactoriesRegistrationTest {

    private static final String DOCKER_COMPOSE =
            "io.natsspring.boot.docker.compose.NatsDockerComposeConnectionDetailsFactory";
    private static final String TESTCONTAINERS =
            "io.natsspring.boot.testcontainers.NatsContainerConnectionDetailsFactory";

    @Test
    void factoriesAreListedAndInstantiable() {
        ClassLoader classLoader = getClass().getClassLoader();
        assertThat(SpringFactoriesLoader.loadFactoryNames(ConnectionDetailsFactory.class, classLoader))
                .contains(DOCKER_COMPOSE, TESTCONTAINERS);
        List<ConnectionDetailsFactory> factories =
                SpringFactoriesLoader.forDefaultResourceLocation(classLoader).load(ConnectionDetailsFactory.class);
        assertThat(factories).extracting(f -> f.getClass().getName()).contains(DOCKER_COMPOSE, TESTCONTAINERS);
    }
}
