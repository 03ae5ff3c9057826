package io.natsspring.sample.saga.support;

import io.natsspring.sample.saga.SagaApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole application on the embedded broker and a random HTTP port; every test class extending this one shares
 * the one Spring context, so tests use their own SKUs and customers.
 */
@SpringBootTest(
        classes = SagaApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "nats.broker.store-dir=${java.io.tmpdir}/nats-spring-saga-test/${random.uuid}",
            "nats.metrics.consumer-lag-enabled=false"
        })
@Import(SagaTestConfiguration.class)
public abstract class SagaApplicationTest {

    @Value("${local.server.port}")
    private int port;

    protected SagaHttpClient http;

    @BeforeEach
    void client() {
        http = new SagaHttpClient(port);
    }
}
