package io.natsspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an exception class whose occurrence in a {@link JetStreamConsumer} handler must not be retried: the message is
 * terminated ({@code +TERM}) and dead-lettered when a dead-letter route is configured. Inherited by subclasses.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface NonRetryable {}
