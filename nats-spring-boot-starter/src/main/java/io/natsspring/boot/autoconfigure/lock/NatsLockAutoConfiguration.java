package io.natsspring.boot.autoconfigure.lock;

import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.NatsLockProperties;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.jetstream.JetStreamDeclarationsInitializer;
import io.natsspring.boot.autoconfigure.kv.NatsKeyValueAutoConfiguration;
import io.natsspring.kv.leader.KeyValueLeaderInitiator;
import io.natsspring.kv.leader.integration.IntegrationLeadershipEventPublisher;
import io.natsspring.kv.lock.KeyValueLeases;
import io.natsspring.kv.lock.KeyValueLockRegistry;
import io.natsspring.kv.lock.integration.IntegrationKeyValueLockRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.event.DefaultLeaderEventPublisher;

/**
 * The {@link KeyValueLeases} of the {@code nats.lock.bucket} bucket (opened, or created, on first use), a
 * {@link KeyValueLockRegistry} on them — Spring Integration's {@code LockRegistry} when Spring Integration is on the
 * class path — and, when {@code nats.lock.leader-role} is set, a {@link KeyValueLeaderInitiator} for that role
 * publishing Spring Integration's {@code OnGrantedEvent}/{@code OnRevokedEvent} when present, the project's
 * {@code LeadershipGrantedEvent}/{@code LeadershipRevokedEvent} otherwise. Each bean backs off for the application's.
 */
@AutoConfiguration(after = NatsKeyValueAutoConfiguration.class)
@ConditionalOnClass(KeyValueLeases.class)
@ConditionalOnBean(Connection.class)
public class NatsLockAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KeyValueLeases keyValueLeases(
            Connection connection,
            NatsProperties properties,
            ObjectProvider<JetStreamDeclarationsInitializer> declarations) {
        // a bucket declared under nats.jetstream.key-value is used as it is (its ttl is the lease)
        declarations.ifAvailable(JetStreamDeclarationsInitializer::apply);
        NatsLockProperties lock = properties.getLock();
        return new KeyValueLeases(connection, lock.getBucket(), lock.getLease(), lock.getStorage(), lock.getReplicas());
    }

    /** With Spring Integration. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.integration.support.locks.LockRegistry")
    static class IntegrationLocks {

        @Bean
        @ConditionalOnMissingBean(KeyValueLockRegistry.class)
        IntegrationKeyValueLockRegistry keyValueLockRegistry(KeyValueLeases leases, NatsProperties properties) {
            IntegrationKeyValueLockRegistry registry = new IntegrationKeyValueLockRegistry(leases);
            registry.setPollInterval(properties.getLock().getPollInterval());
            return registry;
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty("nats.lock.leader-role")
        KeyValueLeaderInitiator keyValueLeaderInitiator(
                KeyValueLeases leases, NatsProperties properties, ApplicationEventPublisher publisher) {
            KeyValueLeaderInitiator initiator =
                    new KeyValueLeaderInitiator(leases, properties.getLock().getLeaderRole());
            initiator.setLeadershipEventPublisher(
                    new IntegrationLeadershipEventPublisher(new DefaultLeaderEventPublisher(publisher)));
            return initiator;
        }
    }

    /** Without Spring Integration. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.integration.support.locks.LockRegistry")
    static class PlainLocks {

        @Bean
        @ConditionalOnMissingBean
        KeyValueLockRegistry keyValueLockRegistry(KeyValueLeases leases, NatsProperties properties) {
            KeyValueLockRegistry registry = new KeyValueLockRegistry(leases);
            registry.setPollInterval(properties.getLock().getPollInterval());
            return registry;
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty("nats.lock.leader-role")
        KeyValueLeaderInitiator keyValueLeaderInitiator(KeyValueLeases leases, NatsProperties properties) {
            // application events (LeadershipGrantedEvent/LeadershipRevokedEvent), set through
            // ApplicationEventPublisherAware
            return new KeyValueLeaderInitiator(leases, properties.getLock().getLeaderRole());
        }
    }
}
