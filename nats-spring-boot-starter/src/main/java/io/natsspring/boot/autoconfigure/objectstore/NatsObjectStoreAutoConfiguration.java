package io.natsspring.boot.autoconfigure.objectstore;

import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.natsspring.kv.objectstore.ObjectStoreTemplates;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Object Store support: an {@link ObjectStoreTemplates} bean ({@code templates.forBucket("files")}) and the
 * {@code nats-os://<bucket>/<object name>} resource protocol on the application context, so
 * {@code @Value("nats-os://files/report.pdf") Resource} and {@code ResourceLoader.getResource("nats-os://…")} work.
 */
@AutoConfiguration(after = NatsJetStreamAutoConfiguration.class)
@ConditionalOnClass(ObjectStoreTemplates.class)
@ConditionalOnBean(Connection.class)
public class NatsObjectStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ObjectStoreTemplates objectStoreTemplates(Connection connection) {
        return new ObjectStoreTemplates(connection);
    }

    @Bean
    @ConditionalOnMissingBean
    static ObjectStoreProtocolRegistrar natsObjectStoreProtocolRegistrar() {
        return new ObjectStoreProtocolRegistrar();
    }
}
