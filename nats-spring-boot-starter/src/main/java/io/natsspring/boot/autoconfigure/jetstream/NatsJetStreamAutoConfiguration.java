package io.natsspring.boot.autoconfigure.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.ObjectStoreOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.boot.autoconfigure.NatsAutoConfiguration;
import io.natsspring.boot.autoconfigure.NatsJetStreamProperties;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterRouter;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterStream;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterSubjectsCheck;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.util.StringUtils;

/**
 * JetStream beans on the NATS connection ({@link JetStream}, {@link JetStreamManagement},
 * {@link KeyValueManagement}, {@link ObjectStoreManagement}), the reconciliation of declared streams, consumers
 * and buckets, one bean per declared stream and bucket ({@link DeclaredResourceBeans}), and dead-letter routing.
 * The declarations are applied before the JetStream beans are created, so constructors can use declared resources;
 * without declarations, creating these beans sends nothing to the server.
 */
@AutoConfiguration(after = NatsAutoConfiguration.class)
@ConditionalOnBean(Connection.class)
@Import(DeclaredResourceBeans.class)
public class NatsJetStreamAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JetStreamOptions natsJetStreamOptions(NatsProperties properties) {
        NatsJetStreamProperties js = properties.getJetstream();
        JetStreamOptions.Builder b = JetStreamOptions.builder().requestTimeout(js.getRequestTimeout());
        if (StringUtils.hasText(js.getDomain())) {
            b.domain(js.getDomain());
        }
        if (StringUtils.hasText(js.getApiPrefix())) {
            b.prefix(js.getApiPrefix());
        }
        return b.build();
    }

    @Bean
    @ConditionalOnMissingBean
    JetStream jetStream(
            Connection connection,
            JetStreamOptions options,
            ObjectProvider<JetStreamDeclarationsInitializer> declarations)
            throws IOException {
        declarations.ifAvailable(JetStreamDeclarationsInitializer::apply);
        return connection.jetStream(options);
    }

    @Bean
    @ConditionalOnMissingBean
    JetStreamManagement jetStreamManagement(
            Connection connection,
            JetStreamOptions options,
            ObjectProvider<JetStreamDeclarationsInitializer> declarations)
            throws IOException {
        declarations.ifAvailable(JetStreamDeclarationsInitializer::apply);
        return connection.jetStreamManagement(options);
    }

    @Bean
    @ConditionalOnMissingBean
    KeyValueManagement keyValueManagement(
            Connection connection,
            JetStreamOptions options,
            ObjectProvider<JetStreamDeclarationsInitializer> declarations)
            throws IOException {
        declarations.ifAvailable(JetStreamDeclarationsInitializer::apply);
        return connection.keyValueManagement(
                KeyValueOptions.builder().jetStreamOptions(options).build());
    }

    @Bean
    @ConditionalOnMissingBean
    ObjectStoreManagement objectStoreManagement(
            Connection connection,
            JetStreamOptions options,
            ObjectProvider<JetStreamDeclarationsInitializer> declarations)
            throws IOException {
        declarations.ifAvailable(JetStreamDeclarationsInitializer::apply);
        return connection.objectStoreManagement(
                ObjectStoreOptions.builder().jetStreamOptions(options).build());
    }

    /** Opens the per-declaration beans registered by {@link DeclaredResourceBeans}. */
    @Bean(DeclaredResourceBeans.RESOURCES_BEAN)
    @ConditionalOnMissingBean(name = DeclaredResourceBeans.RESOURCES_BEAN)
    JetStreamResources natsJetStreamResources(
            Connection connection,
            JetStreamOptions options,
            ObjectProvider<JetStreamDeclarationsInitializer> declarations) {
        declarations.ifAvailable(JetStreamDeclarationsInitializer::apply);
        return new JetStreamResources(connection, options);
    }

    /**
     * Uses its own management contexts (not the beans above), so that those can wait for the declarations it
     * applies.
     */
    @Bean
    @ConditionalOnMissingBean
    JetStreamReconciler jetStreamReconciler(Connection connection, JetStreamOptions options, NatsProperties properties)
            throws IOException {
        return new JetStreamReconciler(
                connection.jetStreamManagement(options),
                connection.keyValueManagement(
                        KeyValueOptions.builder().jetStreamOptions(options).build()),
                connection.objectStoreManagement(
                        ObjectStoreOptions.builder().jetStreamOptions(options).build()),
                properties.getJetstream().getDeclarations().getOnConflict());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "nats.jetstream.declarations.enabled", matchIfMissing = true)
    JetStreamDeclarationsInitializer jetStreamDeclarationsInitializer(
            JetStreamReconciler reconciler,
            NatsProperties properties,
            ObjectProvider<StreamConfiguration> streams,
            ObjectProvider<JetStreamConsumerDeclaration> consumers,
            ObjectProvider<ConsumerConfiguration> unbound) {
        return new JetStreamDeclarationsInitializer(reconciler, properties.getJetstream(), streams, consumers, unbound);
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetterSubjectsCheck natsDeadLetterSubjectsCheck(
            JetStreamManagement jsm, NatsProperties properties, ObjectProvider<NatsListenerEndpointRegistry> registry) {
        return new DeadLetterSubjectsCheck(jsm, properties.getJetstream(), registry);
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(DeadLetterEnabledCondition.class)
    DeadLetterRouter natsDeadLetterRouter(
            Connection connection, JetStream jetStream, JetStreamManagement jsm, NatsProperties properties) {
        NatsJetStreamProperties js = properties.getJetstream();
        return new DeadLetterRouter(connection, jetStream, jsm, js.getDeadLetter(), DeadLetterStream.routedStreams(js));
    }
}
