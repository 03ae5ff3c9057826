package io.natsspring.annotation.config;

import io.natsspring.annotation.jetstream.DeadLetterHandler;
import io.natsspring.annotation.jetstream.NonRetryableClassifier;
import io.natsspring.annotation.jetstream.RetryPolicy;
import io.natsspring.annotation.listener.ConsumerDeclarationLocator;
import io.natsspring.annotation.listener.ConsumerDefaults;
import io.natsspring.annotation.listener.DefaultListenerExecutorProvider;
import io.natsspring.annotation.listener.ListenerExecutorProvider;
import io.natsspring.annotation.listener.ListenerObserver;
import io.natsspring.annotation.listener.LoggingNatsListenerErrorHandler;
import io.natsspring.annotation.listener.NatsListenerErrorHandler;
import io.natsspring.annotation.metrics.ListenerMetrics;
import io.natsspring.annotation.support.JacksonNatsMessageConverter;
import io.natsspring.annotation.support.NatsMessageConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Validator;

/** The settings every listener container is built with; changed through {@link NatsListenerConfigurer} beans. */
public class NatsListenerSettings {

    private NatsMessageConverter messageConverter = new JacksonNatsMessageConverter();
    private @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory;
    private @Nullable Validator validator;
    private final List<HandlerMethodArgumentResolver> customArgumentResolvers = new ArrayList<>();
    private boolean virtualThreads;
    private @Nullable ListenerExecutorProvider executorProvider;
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private @Nullable RetryPolicy retryPolicy;
    private final NonRetryableClassifier nonRetryable = new NonRetryableClassifier();
    private @Nullable DeadLetterHandler deadLetterHandler;
    private NatsListenerErrorHandler defaultErrorHandler = new LoggingNatsListenerErrorHandler();
    private ListenerMetrics metrics = ListenerMetrics.NONE;
    private ListenerObserver observer = ListenerObserver.NONE;
    private ConsumerDefaults consumerDefaults = ConsumerDefaults.STANDARD;
    private ConsumerDeclarationLocator declarationLocator = ConsumerDeclarationLocator.NONE;

    /** Converts payloads and return values; JSON (Jackson 3) by default. */
    public NatsMessageConverter getMessageConverter() {
        return messageConverter;
    }

    public void setMessageConverter(NatsMessageConverter messageConverter) {
        this.messageConverter = messageConverter;
    }

    /** Replaces the whole argument-binding infrastructure; null (default) uses the NATS one. */
    public @Nullable MessageHandlerMethodFactory getMessageHandlerMethodFactory() {
        return messageHandlerMethodFactory;
    }

    public void setMessageHandlerMethodFactory(@Nullable MessageHandlerMethodFactory factory) {
        this.messageHandlerMethodFactory = factory;
    }

    /** Validates {@code @Valid} payloads; the context's single Spring {@code Validator}, else Bean Validation. */
    public @Nullable Validator getValidator() {
        return validator;
    }

    public void setValidator(@Nullable Validator validator) {
        this.validator = validator;
    }

    /** Extra argument resolvers, consulted before the payload resolver. Mutable. */
    public List<HandlerMethodArgumentResolver> getCustomArgumentResolvers() {
        return customArgumentResolvers;
    }

    /** Run handlers of containers with concurrency above one on virtual threads (Java 21+). */
    public boolean isVirtualThreads() {
        return virtualThreads;
    }

    public void setVirtualThreads(boolean virtualThreads) {
        this.virtualThreads = virtualThreads;
    }

    /** Supplies handler executors; defaults to platform or virtual threads per {@link #isVirtualThreads()}. */
    public ListenerExecutorProvider getExecutorProvider() {
        return executorProvider != null ? executorProvider : new DefaultListenerExecutorProvider(virtualThreads);
    }

    public void setExecutorProvider(@Nullable ListenerExecutorProvider executorProvider) {
        this.executorProvider = executorProvider;
    }

    /** How long stopping a container waits for in-flight handlers; 10 seconds by default. */
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Redelivery delays for failures; null (default) uses each consumer's backoff. */
    public @Nullable RetryPolicy getRetryPolicy() {
        return retryPolicy;
    }

    public void setRetryPolicy(@Nullable RetryPolicy retryPolicy) {
        this.retryPolicy = retryPolicy;
    }

    /** Which exceptions terminate instead of retrying; add with {@code addNonRetryableExceptions}. */
    public NonRetryableClassifier getNonRetryable() {
        return nonRetryable;
    }

    /** Where JetStream listeners without a {@code deadLetter} subject send given-up messages; null: none. */
    public @Nullable DeadLetterHandler getDeadLetterHandler() {
        return deadLetterHandler;
    }

    public void setDeadLetterHandler(@Nullable DeadLetterHandler deadLetterHandler) {
        this.deadLetterHandler = deadLetterHandler;
    }

    /** The error handler of listeners that name none; logs and rethrows by default. */
    public NatsListenerErrorHandler getDefaultErrorHandler() {
        return defaultErrorHandler;
    }

    public void setDefaultErrorHandler(NatsListenerErrorHandler defaultErrorHandler) {
        this.defaultErrorHandler = defaultErrorHandler;
    }

    /** Per-listener metrics; Micrometer when a {@code MeterRegistry} bean exists, none otherwise. */
    public ListenerMetrics getMetrics() {
        return metrics;
    }

    public void setMetrics(ListenerMetrics metrics) {
        this.metrics = metrics;
    }

    /** The hook around every handled message (the Spring Boot starter sets one for Micrometer Observation). */
    public ListenerObserver getObserver() {
        return observer;
    }

    public void setObserver(ListenerObserver observer) {
        this.observer = observer;
    }

    /**
     * What {@code @JetStreamConsumer} listeners get when they leave {@code maxDeliver} or {@code backoff} unset:
     * {@link ConsumerDefaults#STANDARD} (5 deliveries; redelivery after 1s, 5s, 30s) unless changed.
     */
    public ConsumerDefaults getConsumerDefaults() {
        return consumerDefaults;
    }

    public void setConsumerDefaults(ConsumerDefaults consumerDefaults) {
        this.consumerDefaults = consumerDefaults;
    }

    /** Where the application declares durable consumers, named in listener errors; a bean of the type is used. */
    public ConsumerDeclarationLocator getDeclarationLocator() {
        return declarationLocator;
    }

    public void setDeclarationLocator(ConsumerDeclarationLocator declarationLocator) {
        this.declarationLocator = declarationLocator;
    }
}
