package io.natsspring.kv.listener.config;

import io.natsspring.annotation.config.NatsBootstrapConfiguration;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;

/**
 * Switches on {@link io.natsspring.kv.listener.KeyValueListener} detection in a plain Spring application
 * ({@code @Import(KeyValueListenerConfiguration.class)} next to a jnats {@code Connection} bean); the Spring Boot
 * starter imports it by itself. Imports the listener registry of {@link NatsBootstrapConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
@Import(NatsBootstrapConfiguration.class)
public class KeyValueListenerConfiguration {

    /** Bean name of the post-processor. */
    public static final String POST_PROCESSOR_BEAN_NAME = "io.natsspring.kv.internalKeyValueListenerPostProcessor";

    @Bean(name = POST_PROCESSOR_BEAN_NAME)
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static KeyValueListenerAnnotationBeanPostProcessor keyValueListenerAnnotationBeanPostProcessor() {
        return new KeyValueListenerAnnotationBeanPostProcessor();
    }
}
