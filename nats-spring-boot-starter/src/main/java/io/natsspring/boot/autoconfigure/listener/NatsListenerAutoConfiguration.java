package io.natsspring.boot.autoconfigure.listener;

import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.natsspring.annotation.NatsListener;
import io.natsspring.annotation.config.NatsBootstrapConfiguration;
import io.natsspring.annotation.config.NatsListenerConfigurer;
import io.natsspring.annotation.listener.ConsumerDeclarationLocator;
import io.natsspring.annotation.listener.ConsumerDefaults;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.observation.ObservationListenerObserver;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Switches on {@code @NatsListener} and {@code @JetStreamConsumer} detection once a jnats {@link Connection} bean
 * exists (the same as {@code @EnableNats} in a plain Spring application), continues message traces in listener
 * methods, applies the {@code nats.listener.*} consumer defaults, names declared consumers in binding errors, and
 * runs listener handlers on virtual threads when {@code spring.threads.virtual.enabled=true} on
 * Java 21+.
 */
@AutoConfiguration(
        afterName = {
            "io.natsspring.boot.autoconfigure.NatsAutoConfiguration",
            "io.natsspring.boot.autoconfigure.jetstream.NatsJetStreamAutoConfiguration"
        })
@ConditionalOnClass({NatsListener.class, Connection.class})
@ConditionalOnBean(Connection.class)
@Import(NatsBootstrapConfiguration.class)
public class NatsListenerAutoConfiguration {

    /**
     * Continues the trace of every received message in the listener method, when an {@link ObservationRegistry}
     * bean exists (Micrometer Observation / Tracing).
     */
    @Bean
    NatsListenerConfigurer natsListenerObservationConfigurer(ObjectProvider<ObservationRegistry> registry) {
        return settings -> registry.ifAvailable(r -> settings.setObserver(new ObservationListenerObserver(r)));
    }

    /**
     * Applies {@code nats.listener.max-deliver} and {@code nats.listener.backoff}: what {@code @JetStreamConsumer}
     * listeners get when they leave {@code maxDeliver} or {@code backoff} unset.
     */
    @Bean
    NatsListenerConfigurer natsListenerConsumerDefaultsConfigurer(ObjectProvider<NatsProperties> properties) {
        return settings -> properties.ifAvailable(p -> settings.setConsumerDefaults(consumerDefaults(p.getListener())));
    }

    static ConsumerDefaults consumerDefaults(NatsProperties.Listener listener) {
        if (listener.getMaxDeliver() == 0 || listener.getMaxDeliver() < -1) {
            throw new IllegalStateException(
                    "nats.listener.max-deliver must be positive or -1 (unlimited), was " + listener.getMaxDeliver());
        }
        for (int i = 0; i < listener.getBackoff().size(); i++) {
            if (listener.getBackoff().get(i) == null
                    || listener.getBackoff().get(i).isNegative()) {
                throw new IllegalStateException("nats.listener.backoff[" + i + "] must not be negative, was "
                        + listener.getBackoff().get(i));
            }
        }
        return new ConsumerDefaults(listener.getMaxDeliver(), listener.getBackoff());
    }

    /** Names {@code nats.jetstream.consumers[i]} (or the declaring bean) in listener binding errors. */
    @Bean
    @ConditionalOnMissingBean(ConsumerDeclarationLocator.class)
    ConsumerDeclarationLocator natsConsumerDeclarationLocator(
            ObjectProvider<NatsProperties> properties, ListableBeanFactory beanFactory) {
        NatsProperties p = properties.getIfAvailable();
        return new DeclaredConsumerLocator(p != null ? p.getJetstream().getConsumers() : List.of(), beanFactory);
    }

    /** Maps Spring Boot's virtual-threads switch to the listener containers' executors. */
    @Bean
    @ConditionalOnThreading(Threading.VIRTUAL)
    NatsListenerConfigurer natsListenerVirtualThreadsConfigurer() {
        return settings -> settings.setVirtualThreads(true);
    }
}
