package io.natsspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.nats.client.api.DeliverPolicy;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method as the handler of a JetStream consumer (at-least-once delivery).
 *
 * <p>Binds the same arguments as {@link NatsListener} plus JetStream metadata ({@code NatsJetStreamMetaData}, or
 * {@code @Header} with the {@code nats_*} names of {@link io.natsspring.annotation.support.NatsMessageHeaders}) and an
 * {@link io.natsspring.annotation.jetstream.Acknowledgment}. Normal return acks; an exception naks with the backoff,
 * terminates non-retryable failures and dead-letters after {@link #maxDeliver()} deliveries. String attributes accept
 * placeholders and SpEL. Durations accept {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JetStreamConsumer {

    /** The stream; when empty it is looked up from the (single) filter subject. */
    String stream() default "";

    /** The durable consumer name; empty creates an ephemeral consumer that the server removes once idle. */
    @AliasFor("name")
    String durable() default "";

    /** Alias for {@link #durable()}. */
    @AliasFor("durable")
    String name() default "";

    /** Filter subjects; empty means every subject of the stream. */
    @AliasFor("filterSubject")
    String[] filterSubjects() default {};

    /** Alias for {@link #filterSubjects()}. */
    @AliasFor("filterSubjects")
    String[] filterSubject() default {};

    /** Where a newly created consumer starts. */
    DeliverPolicy deliverPolicy() default DeliverPolicy.All;

    /** How long the server waits for an ack before redelivering; empty means the server default (30s). */
    String ackWait() default "";

    /** Maximum deliveries of one message, then the dead-letter route; {@code -1} means unlimited. */
    String maxDeliver() default "-1";

    /** Redelivery delays, one per attempt (the last repeats), e.g. {@code {"1s", "5s", "30s"}}. */
    String[] backoff() default {};

    /** Maximum unacknowledged messages outstanding: the back-pressure bound; {@code -1} means the server default. */
    String maxAckPending() default "-1";

    /** Maximum number of messages handled in parallel; ordering is guaranteed only with {@code 1} (the default). */
    String concurrency() default "1";

    /** Messages per pull request (pull consumers); {@code 0} picks {@code max(10, 2 x concurrency)}. */
    String batchSize() default "0";

    /** An ordered consumer: no acks, strict order, recreated by the client on gaps; implies concurrency 1. */
    boolean ordered() default false;

    /** Pull (the default, via {@code ConsumerContext.consume()}) or push delivery. */
    boolean pull() default true;

    /** Create or update the consumer from these attributes ({@code true}) or bind to one that already exists. */
    boolean create() default true;

    /** Who settles the message; see {@link AckMode}. */
    AckMode ackMode() default AckMode.AUTO;

    /**
     * Subject that receives messages that exhausted {@link #maxDeliver()} or failed with a non-retryable exception,
     * published through JetStream with the original payload, headers and {@code Nats-DLQ-*} failure headers.
     */
    String deadLetter() default "";

    /** Container id, used by the registry and in metrics; defaults to {@code BeanClass#method}. */
    String id() default "";

    /** Whether the container starts with the application context; {@code "true"} unless set. */
    String autoStartup() default "";

    /** Name of a {@link io.natsspring.annotation.listener.NatsListenerErrorHandler} bean; empty uses the default. */
    String errorHandler() default "";

    /** Content type used to read payloads; empty means the {@code Content-Type} header, then JSON. */
    String contentType() default "";
}
