package io.natsspring.annotation;

import io.nats.client.api.DeliverPolicy;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method as the handler of a JetStream consumer (at-least-once delivery).
 *
 * <p>Binds the same arguments as {@link NatsListener} plus JetStream metadata ({@code NatsJetStreamMetaData}, or
 * {@code @Header} with the {@code nats_*} names of {@link io.natsspring.annotation.support.NatsMessageHeaders}) and an
 * {@link io.natsspring.annotation.jetstream.Acknowledgment}. Normal return acks; an exception naks with the backoff,
 * terminates non-retryable failures and dead-letters after {@link #maxDeliver()} deliveries. String attributes accept
 * placeholders and SpEL. Durations accept {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601.
 *
 * <p><b>Safe defaults.</b> A consumer the listener creates gets {@code max_deliver} 5, and failed messages are
 * redelivered after 1s, 5s, then 30s (a nak with delay), so a message that always fails is given up (dead-lettered,
 * or terminated with a WARN log line) after 5 deliveries instead of looping. Override per listener with
 * {@link #maxDeliver()} and {@link #backoff()}, or for all listeners with {@code NatsListenerSettings} (the Boot
 * starter's {@code nats.listener.max-deliver} and {@code nats.listener.backoff}).
 *
 * <p><b>Declared and existing consumers.</b> When the durable consumer already exists (declared in
 * {@code nats.jetstream.consumers}, as a bean, or created by other means), the listener binds to it and leaves its
 * configuration alone, as long as the attributes set here agree with it; otherwise startup fails naming the
 * differing fields. A missing stream fails startup too, with a hint to declare it.
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

    /**
     * Maximum deliveries of one message, then the dead-letter route; {@code -1} means unlimited. Unset: 5 for a
     * consumer the listener creates (or {@code backoff.length + 1} when more delays are given), the existing
     * consumer's value when it binds.
     */
    String maxDeliver() default "";

    /**
     * Redelivery delays, one per attempt (the last repeats), e.g. {@code {"1s", "5s", "30s"}}, also set as the
     * consumer's {@code backoff} (then {@link #maxDeliver()} must exceed their number). Unset: the existing
     * consumer's backoff, else failed messages are nak'd with the default delays 1s, 5s, 30s (kept out of the
     * consumer's configuration because the server replaces {@code ack_wait} with the first backoff delay).
     */
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

    /**
     * Container id, used by the registry, the {@code nats} Actuator endpoint and in metrics; defaults to
     * {@code BeanClass.method} (URL-safe: letters, digits, {@code . _ ~ -}), with {@code -2}, {@code -3} for
     * overloads.
     */
    String id() default "";

    /** Whether the container starts with the application context; {@code "true"} unless set. */
    String autoStartup() default "";

    /** Name of a {@link io.natsspring.annotation.listener.NatsListenerErrorHandler} bean; empty uses the default. */
    String errorHandler() default "";

    /** Content type used to read payloads; empty means the {@code Content-Type} header, then JSON. */
    String contentType() default "";
}
