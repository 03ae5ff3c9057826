package io.natsspring.annotation;

import io.natsspring.annotation.config.NatsBootstrapConfiguration;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Enables detection of {@link NatsListener} and {@link JetStreamConsumer} methods. The context must hold a jnats
 * {@code Connection} bean; the Spring Boot starter imports this configuration by itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(NatsBootstrapConfiguration.class)
public @interface EnableNats {}
