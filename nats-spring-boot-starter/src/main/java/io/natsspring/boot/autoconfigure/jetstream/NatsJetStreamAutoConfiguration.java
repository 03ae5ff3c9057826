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
import io.natsspring.boot.autoconfigure.NatsAutoConfiguration;
import io.natsspring.boot.autoconfigure.NatsJetStreamProperties;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterRouter;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterStream;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterSubjectsCheck;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.util.StringUtils;

import java.io.IOException;

/**
 * JetStream beans on the NATS connection ({@link JetStream}, {@link JetStreamManagement},
 * {@link KeyValueManagement}, {@link ObjectStoreManagement}), the reconciliation of declared streams, consumers
 * and buckets, and dead-letter routing. Creating these beans sends nothing to the server, so they exist even when
 * the server has no JetStream.
 */
@AutoConfiguration(after = NatsAutoConfiguration.class)
@ConditionalOnBean(Connection.class)
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
    JetStream jetStream(Connection connection, JetStreamOptions options) throws IOException {
        return connection.jetStream(options);
    }

    @Bean
    @ConditionalOnMissingBean
    JetStreamManagement jetStreamManagement(Connection connection, JetStreamOptions options) throws IOException {
        return connection.jetStreamManagement(options);
    }

    @Bean
    @ConditionalOnMissingBean
    KeyValueManagement keyValueManagement(Connection connection, JetStreamOptions options) throws IOException {
        return connection.keyValueManagement(KeyValueOptions.builder().jetStreamOptions(options).build());
    }

    @Bean
    @ConditionalOnMissingBean
    ObjectStoreManagement objectStoreManagement(Connection connection, JetStreamOptions options) throws IOException {
        return connection.objectStoreManagement(ObjectStoreOptions.builder().jetStreamOptions(options).build());
    }

    @Bean
    @ConditionalOnMissingBean
    JetStreamReconciler jetStreamReconciler(JetStreamManagement jsm, KeyValueManagement kvm,
                                            ObjectStoreManagement osm, NatsProperties properties) {
        return new JetStreamReconciler(jsm, kvm, osm, properties.getJetstream().getDeclarations().getOnConflict());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "nats.jetstream.declarations.enabled", matchIfMissing = true)
    JetStreamDeclarationsInitializer jetStreamDeclarationsInitializer(JetStreamReconciler reconciler,
            NatsProperties properties, ObjectProvider<StreamConfiguration> streams,
            ObjectProvider<JetStreamConsumerDeclaration> consumers, ObjectProvider<ConsumerConfiguration> unbound) {
        return new JetStreamDeclarationsInitializer(reconciler, properties.getJetstream(), streams, consumers, unbound);
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetterSubjectsCheck natsDeadLetterSubjectsCheck(JetStreamManagement jsm, NatsProperties properties,
                                                        ObjectProvider<NatsListenerEndpointRegistry> registry) {
        return new DeadLetterSubjectsCheck(jsm, properties.getJetstream(), registry);
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(DeadLetterEnabledCondition.class)
    DeadLetterRouter natsDeadLetterRouter(Connection connection, JetStream jetStream, JetStreamManagement jsm,
                                          NatsProperties properties) {
        NatsJetStreamProperties js = properties.getJetstream();
        return new DeadLetterRouter(connection, jetStream, jsm, js.getDeadLetter(), DeadLetterStream.routedStreams(js));
    }
}
