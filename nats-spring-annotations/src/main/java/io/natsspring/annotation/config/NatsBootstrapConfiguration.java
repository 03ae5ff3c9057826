package io.natsspring.annotation.config;

import io.natsspring.annotation.listener.JetStreamConsumerDeclarations;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * The beans behind {@link io.natsspring.annotation.EnableNats}: the annotation post-processor, the endpoint
 * registry and the early creation of JetStream listeners' consumers. Imported once; importing it again (e.g. by the Boot auto-configuration too) is harmless.
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class NatsBootstrapConfiguration {

    /** Bean name of the post-processor. */
    public static final String POST_PROCESSOR_BEAN_NAME = "io.natsspring.annotation.internalNatsListenerPostProcessor";

    /** Bean name of the registry. */
    public static final String REGISTRY_BEAN_NAME = "natsListenerEndpointRegistry";

    @Bean(name = POST_PROCESSOR_BEAN_NAME)
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static NatsListenerAnnotationBeanPostProcessor natsListenerAnnotationBeanPostProcessor() {
        return new NatsListenerAnnotationBeanPostProcessor();
    }

    @Bean(name = REGISTRY_BEAN_NAME)
    NatsListenerEndpointRegistry natsListenerEndpointRegistry() {
        return new NatsListenerEndpointRegistry();
    }

    @Bean
    JetStreamConsumerDeclarations natsJetStreamConsumerDeclarations(NatsListenerEndpointRegistry registry) {
        return new JetStreamConsumerDeclarations(registry);
    }
}
