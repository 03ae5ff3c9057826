package io.natsspring.boot.docs.gettingstarted;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "spring.config.location=classpath:io/natsspring/boot/docs/gettingstarted/application.yml")
@Testcontainers(disabledWithoutDocker = true)   // skipped where no Docker daemon runs
class OrdersIntegrationTest {

    @Container
    @ServiceConnection
    static GenericContainer<?> nats = new GenericContainer<>("nats:2.10")
            .withCommand("-js", "--user", "app", "--pass", "secret")
            .withExposedPorts(4222);

    @Autowired
    Orders orders;

    @Test
    void quotesAreAnsweredThroughTheContainer() {
        assertThat(orders.quote("book")).isEqualTo(new Quote("book", 1250));
    }
}
