package io.natsspring.boot.docs.listeners;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.natsspring.annotation.EnableNats;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableNats
class NatsConfig {

    @Bean(destroyMethod = "close")
    Connection natsConnection() throws Exception {
        return Nats.connect("nats://127.0.0.1:4222");
    }
}
