package io.natsspring.boot.autoconfigure.health;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.boot.autoconfigure.NatsJetStreamProperties;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.buckets.DeclaredBuckets;
import io.natsspring.boot.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.natsspring.broker.NatsBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * The {@code nats} health indicator (disable with {@code management.health.nats.enabled=false}) and the
 * connection's contribution to readiness: the application refuses traffic while the connection is lost. The
 * indicator itself can also join the readiness group with
 * {@code management.endpoint.health.group.readiness.include=readinessState,nats}.
 */
@AutoConfiguration(after = NatsJetStreamAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Connection.class)
@ConditionalOnEnabledHealthIndicator("nats")
public class NatsHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "natsHealthIndicator")
    NatsHealthIndicator natsHealthIndicator(
            Connection connection,
            ObjectProvider<JetStreamManagement> jsm,
            ObjectProvider<NatsBroker> broker,
            ObjectProvider<NatsListenerEndpointRegistry> listeners,
            ObjectProvider<NatsProperties> properties) {
        List<String> streams = new ArrayList<>();
        NatsProperties nats = properties.getIfUnique();
        if (nats != null) {
            NatsJetStreamProperties js = nats.getJetstream();
            js.getStreams().forEach(s -> streams.add(s.getName()));
            js.getKeyValue().forEach(kv -> streams.add("KV_" + kv.getName()));
            js.getObjectStore().forEach(os -> streams.add("OBJ_" + os.getName()));
        }
        return new NatsHealthIndicator(
                connection,
                jsm.getIfUnique(),
                broker.getIfUnique(),
                listeners.getIfUnique(),
                DeclaredBuckets.reader(connection, properties.getIfAvailable(), Duration.ZERO),
                streams,
                NatsHealthIndicator.DEFAULT_GRACE);
    }

    @Bean
    @ConditionalOnMissingBean
    NatsReadinessStateUpdater natsReadinessStateUpdater(ApplicationEventPublisher publisher) {
        return new NatsReadinessStateUpdater(publisher);
    }
}
