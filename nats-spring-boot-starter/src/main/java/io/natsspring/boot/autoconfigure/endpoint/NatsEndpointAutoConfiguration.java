package io.natsspring.boot.autoconfigure.endpoint;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.boot.autoconfigure.buckets.BucketStatusReader;
import io.natsspring.boot.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.natsspring.boot.autoconfigure.listener.NatsListenerAutoConfiguration;
import io.natsspring.broker.NatsBroker;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code nats} Actuator endpoint, when exposed ({@code management.endpoints.web.exposure.include=nats}), and its
 * web extension (HTTP status codes of listener control).
 */
@AutoConfiguration(after = {NatsJetStreamAutoConfiguration.class, NatsListenerAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean({Connection.class, JetStreamManagement.class})
@ConditionalOnAvailableEndpoint(NatsEndpoint.class)
public class NatsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NatsEndpoint natsEndpoint(
            Connection connection,
            JetStreamManagement jsm,
            ObjectProvider<NatsListenerEndpointRegistry> listeners,
            ObjectProvider<NatsBroker> broker) {
        return new NatsEndpoint(
                connection,
                jsm,
                listeners.getIfAvailable(),
                new BucketStatusReader(connection, List.of(), List.of(), Duration.ZERO),
                broker.getIfUnique());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(NatsEndpoint.class)
    NatsEndpointWebExtension natsEndpointWebExtension(NatsEndpoint endpoint) {
        return new NatsEndpointWebExtension(endpoint);
    }
}
