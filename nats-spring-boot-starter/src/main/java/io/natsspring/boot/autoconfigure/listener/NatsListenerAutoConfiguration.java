package io.natsspring.boot.autoconfigure.listener;

import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.natsspring.annotation.NatsListener;
import io.natsspring.annotation.config.NatsBootstrapConfiguration;
import io.natsspring.annotation.config.NatsListenerConfigurer;
import io.natsspring.boot.observation.ObservationListenerObserver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Switches on {@code @NatsListener} and {@code @JetStreamConsumer} detection once a jnats {@link Connection} bean
 * exists (the same as {@code @EnableNats} in a plain Spring application), continues message traces in listener
 * methods, and runs listener handlers on virtual threads when {@code spring.threads.virtual.enabled=true} on
 * Java 21+.
 */
@AutoConfiguration(afterName = {"io.natsspring.boot.autoconfigure.NatsAutoConfiguration",
        "io.natsspring.boot.autoconfigure.jetstream.NatsJetStreamAutoConfiguration"})
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

    /** Maps Spring Boot's virtual-threads switch to the listener containers' executors. */
    @Bean
    @ConditionalOnThreading(Threading.VIRTUAL)
    NatsListenerConfigurer natsListenerVirtualThreadsConfigurer() {
        return settings -> settings.setVirtualThreads(true);
    }
}
