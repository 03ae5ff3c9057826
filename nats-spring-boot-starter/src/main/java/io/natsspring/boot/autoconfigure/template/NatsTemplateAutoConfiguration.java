package io.natsspring.boot.autoconfigure.template;

import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.natsspring.annotation.support.JacksonNatsMessageConverter;
import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.natsspring.boot.template.NatsTemplate;
import io.natsspring.boot.template.PublishRetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link NatsTemplate} and the one {@link NatsMessageConverter} bean that it and the listener containers use:
 * Jackson JSON by default, with the application's {@link JsonMapper} bean when there is one.
 */
@AutoConfiguration(
        after = NatsJetStreamAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnBean(Connection.class)
public class NatsTemplateAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(JsonMapper.class)
    NatsMessageConverter natsMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
        return new JacksonNatsMessageConverter(jsonMapper.getIfAvailable(
                () -> JsonMapper.builder().findAndAddModules().build()));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(NatsMessageConverter.class)
    NatsTemplate natsTemplate(
            Connection connection,
            JetStream jetStream,
            NatsMessageConverter converter,
            ObjectProvider<ObservationRegistry> observationRegistry,
            NatsProperties properties) {
        ObservationRegistry registry = properties.getTemplate().isObservationEnabled()
                ? observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP)
                : ObservationRegistry.NOOP;
        NatsProperties.PublishRetry retry = properties.getTemplate().getPublishRetry();
        return new NatsTemplate(
                connection,
                jetStream,
                converter,
                registry,
                properties.getTemplate().getRequestTimeout(),
                new PublishRetry(retry.getMaxAttempts(), retry.getInitialWait(), retry.getMaxWait()));
    }
}
