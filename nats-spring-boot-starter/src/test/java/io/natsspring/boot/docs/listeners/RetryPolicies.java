package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.natsspring.annotation.jetstream.RetryPolicy;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
// end::snippet[]

class RetryPolicies {

    // tag::snippet[]
    @Bean
    RetryPolicy exponential() {
        return (deliveries, failure) -> Duration.ofMillis(Math.min(60_000, 100L << Math.min(deliveries, 10)));
    }
    // end::snippet[]
}
