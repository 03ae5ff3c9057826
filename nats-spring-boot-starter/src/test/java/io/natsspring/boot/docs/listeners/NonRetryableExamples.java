package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.natsspring.annotation.NonRetryable;
import io.natsspring.annotation.config.NatsListenerConfigurer;
import org.springframework.context.annotation.Bean;
// end::snippet[]

class NonRetryableExamples {

    // tag::snippet[]
    @NonRetryable                                   // 1. on the exception class (inherited by subclasses)
    static class InvalidOrderException extends RuntimeException { }

    @Bean                                           // 2. configured, like spring-kafka's addNotRetryableExceptions
    NatsListenerConfigurer nonRetryable() {
        return settings -> settings.getNonRetryable().addNonRetryableExceptions(IllegalArgumentException.class);
    }
    // 3. by default: MessageConversionException and MethodArgumentResolutionException (a poison message stays poison)
    // end::snippet[]
}
