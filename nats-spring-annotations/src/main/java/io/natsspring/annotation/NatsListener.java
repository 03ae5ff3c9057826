package io.natsspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method as the handler of messages published on one or more core NATS subjects.
 *
 * <p>Arguments are bound from the message: the payload (converted to the parameter type), {@code @Header},
 * {@code @Headers}, {@link Subject @Subject}, {@link ReplyTo @ReplyTo}, the jnats {@code Message} and a Spring
 * {@code Message<T>}. When the message is a request, a non-void return value is the reply; otherwise
 * {@code @SendTo} forwards it. String attributes accept {@code ${...}} placeholders and {@code #{...}} SpEL.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NatsListener {

    /** Alias for {@link #subject()}. */
    @AliasFor("subject")
    String[] value() default {};

    /** The subjects to subscribe to; wildcards ({@code *}, {@code >}) allowed. One subscription per subject. */
    @AliasFor("value")
    String[] subject() default {};

    /** The queue group; empty (the default) means no group, so every instance receives every message. */
    String queue() default "";

    /**
     * Container id, used by the registry, the {@code nats} Actuator endpoint and in metrics; defaults to
     * {@code BeanClass.method} (URL-safe: letters, digits, {@code . _ ~ -}), with {@code -2}, {@code -3} for
     * overloads.
     */
    String id() default "";

    /** Maximum number of messages handled in parallel; {@code 1} (the default) keeps publication order. */
    String concurrency() default "1";

    /** Whether the container starts with the application context; {@code "true"} unless set. */
    String autoStartup() default "";

    /** Name of a {@link io.natsspring.annotation.listener.NatsListenerErrorHandler} bean; empty uses the default. */
    String errorHandler() default "";

    /**
     * Content type used to read payloads and to label replies (e.g. {@code text/plain}); empty means the message's
     * {@code Content-Type} header, then JSON.
     */
    String contentType() default "";
}
