package io.natsspring.boot.autoconfigure.kv;

import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.NatsAutoConfiguration;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.jetstream.JetStreamDeclarationsInitializer;
import io.natsspring.boot.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.natsspring.boot.kvconfig.NatsKeyValueConfigWatcher;
import io.natsspring.boot.kvconfig.NatsKeyValuePropertySource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Live configuration from Key-Value buckets: when {@code spring.config.import} imported a {@code nats-kv:<bucket>},
 * the {@link NatsKeyValueConfigWatcher} keeps its properties up to date and re-binds the
 * {@code @ConfigurationProperties} beans on each change.
 */
@AutoConfiguration(after = {NatsAutoConfiguration.class, NatsJetStreamAutoConfiguration.class})
@ConditionalOnBean(Connection.class)
@Conditional(NatsKeyValueConfigAutoConfiguration.OnKeyValueImport.class)
public class NatsKeyValueConfigAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NatsKeyValueConfigWatcher natsKeyValueConfigWatcher(
            Connection connection,
            ConfigurableApplicationContext context,
            NatsProperties properties,
            ObjectProvider<JetStreamDeclarationsInitializer> declarations) {
        // a bucket declared under nats.jetstream.key-value exists before it is read
        declarations.ifAvailable(JetStreamDeclarationsInitializer::apply);
        return new NatsKeyValueConfigWatcher(
                connection,
                context,
                properties.getConnectionTimeout().multipliedBy(2).plusSeconds(5));
    }

    /** Matches when the Environment holds a {@code nats-kv:} property source. */
    static class OnKeyValueImport extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            if (context.getEnvironment() instanceof ConfigurableEnvironment environment) {
                for (PropertySource<?> source : environment.getPropertySources()) {
                    if (source instanceof NatsKeyValuePropertySource) {
                        return ConditionOutcome.match("spring.config.import has " + source.getName());
                    }
                }
            }
            return ConditionOutcome.noMatch("no nats-kv: in spring.config.import");
        }
    }
}
