package io.natsspring.sample.saga;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the four saga services in one application, on the embedded broker unless {@code nats.servers} is set. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SagaApplication {

    public static void main(String[] args) {
        SpringApplication.run(SagaApplication.class, args);
    }
}
