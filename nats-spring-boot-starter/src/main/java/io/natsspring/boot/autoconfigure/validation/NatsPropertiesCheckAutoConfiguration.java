package io.natsspring.boot.autoconfigure.validation;

import io.natsspring.boot.autoconfigure.NatsAutoConfiguration;
import io.natsspring.boot.autoconfigure.broker.NatsEmbeddedBrokerAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Registers the {@link NatsPropertiesChecker}, which checks {@code nats.*} before any NATS bean is created. */
@AutoConfiguration(before = {NatsEmbeddedBrokerAutoConfiguration.class, NatsAutoConfiguration.class})
public class NatsPropertiesCheckAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static NatsPropertiesChecker natsPropertiesChecker() {
        return new NatsPropertiesChecker();
    }
}
