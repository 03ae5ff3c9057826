package io.natsspring.annotation.listener;

import io.nats.client.Connection;
import io.natsspring.annotation.jetstream.DeadLetterHandler;
import io.natsspring.annotation.jetstream.InProgressHeartbeat;
import io.natsspring.annotation.jetstream.NonRetryableClassifier;
import io.natsspring.annotation.jetstream.RetryPolicy;
import io.natsspring.annotation.metrics.ListenerMetrics;
import io.natsspring.annotation.support.NatsMessageConverter;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What every container shares: the connection, conversion, threads, metrics and the JetStream failure policies.
 *
 * @param shutdownTimeout how long {@code stop()} waits for in-flight handlers
 * @param retryPolicy overrides the consumers' backoff when not null
 * @param deadLetterHandler used by JetStream listeners without a {@code deadLetter} subject, when not null
 * @param observer wraps every handled message (tracing)
 * @param consumerDefaults max-deliver and redelivery delays for what a {@code @JetStreamConsumer} leaves unset
 * @param declarations where the application declares durable consumers, for error messages
 */
public record ListenerServices(
        Connection connection,
        NatsMessageConverter converter,
        ListenerExecutorProvider executors,
        InProgressHeartbeat heartbeat,
        ListenerMetrics metrics,
        Duration shutdownTimeout,
        @Nullable RetryPolicy retryPolicy,
        NonRetryableClassifier nonRetryable,
        @Nullable DeadLetterHandler deadLetterHandler,
        ListenerObserver observer,
        ConsumerDefaults consumerDefaults,
        ConsumerDeclarationLocator declarations) {}
