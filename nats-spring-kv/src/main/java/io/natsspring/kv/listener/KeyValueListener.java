package io.natsspring.kv.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls the annotated bean method for every change of the matching keys of a Key-Value bucket (a jnats KV watch).
 * Parameters are resolved from the entry: the value (an unannotated parameter, converted by the application's
 * {@code NatsMessageConverter}; {@code null} for a delete or purge), {@link Key @Key String}, {@link Revision @Revision
 * long}, {@code KeyValueOperation}, {@code KeyValueEntry<T>}, {@code @Subject String} and Spring's {@code @Header}
 * with the names of {@link KeyValueMessageHeaders}. Changes arrive one at a time, in revision order.
 *
 * <p>The listener is a container of the {@code NatsListenerEndpointRegistry} (kind {@code kv}): it can be paused,
 * resumed, stopped and started by id (changes made while paused are delivered on resume) and has the listener
 * metrics. A bucket that does not exist fails the start with a {@link io.natsspring.kv.core.KeyValueBucketNotFoundException};
 * a value that can not be converted reaches the error handler as a
 * {@link io.natsspring.kv.core.KeyValueConversionException} naming bucket and key. String attributes accept
 * {@code ${...}} placeholders.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KeyValueListener {

    /** The bucket to watch. */
    String bucket();

    /** Key patterns ({@code *} one token, {@code >} the rest); every key by default. */
    String[] keys() default {">"};

    /** Container id; {@code ClassName.methodName} by default. */
    String id() default "";

    /** Whether the current values come first ({@link InitialValues#INCLUDE}, the default) or only changes. */
    InitialValues initial() default InitialValues.INCLUDE;

    /** Skip delete and purge markers. */
    boolean ignoreDeletes() default false;

    /** Start with the application context; {@code "true"} by default. */
    String autoStartup() default "true";

    /** Bean name of a {@code NatsListenerErrorHandler}; the default logs and drops the failed change. */
    String errorHandler() default "";
}
