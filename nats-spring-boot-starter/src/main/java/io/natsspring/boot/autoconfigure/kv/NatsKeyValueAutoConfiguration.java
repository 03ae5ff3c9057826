package io.natsspring.boot.autoconfigure.kv;

import io.nats.client.Connection;
import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.boot.autoconfigure.jetstream.JetStreamDeclarationsInitializer;
import io.natsspring.boot.autoconfigure.template.NatsTemplateAutoConfiguration;
import io.natsspring.kv.core.KeyValueTemplates;
import io.natsspring.kv.listener.config.KeyValueListenerConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The {@link KeyValueTemplates} factory of typed Key-Value templates, converting values with the application's
 * {@link NatsMessageConverter}. Created after the buckets declared under {@code nats.jetstream.key-value} exist,
 * so {@code forBucket} works in constructors; and {@code @KeyValueListener} detection. Backs off when {@code nats-spring-kv} is absent or a {@code KeyValueTemplates} bean
 * is declared.
 */
@AutoConfiguration(after = NatsTemplateAutoConfiguration.class)
@ConditionalOnClass(KeyValueTemplates.class)
@ConditionalOnBean({Connection.class, NatsMessageConverter.class})
@Import(KeyValueListenerConfiguration.class)
public class NatsKeyValueAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KeyValueTemplates keyValueTemplates(
            Connection connection,
            NatsMessageConverter converter,
            ObjectProvider<JetStreamDeclarationsInitializer> declarations) {
        // created after the declared buckets exist, so a constructor can open one at once
        declarations.ifAvailable(JetStreamDeclarationsInitializer::apply);
        return new KeyValueTemplates(connection, converter);
    }
}
