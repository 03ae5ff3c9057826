package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.natsspring.annotation.config.NatsListenerConfigurer;
import io.natsspring.annotation.support.JacksonNatsMessageConverter;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
// end::snippet[]

class ListenerSettingsConfig {

    // tag::snippet[]
    @Bean
    NatsListenerConfigurer natsListeners(JsonMapper mapper) {
        return settings -> {
            settings.setMessageConverter(new JacksonNatsMessageConverter(mapper));
            settings.setShutdownTimeout(Duration.ofSeconds(30));
            settings.setVirtualThreads(true);
            settings.getCustomArgumentResolvers().add(new TenantArgumentResolver());
            settings.getNonRetryable().addNonRetryableExceptions(IllegalArgumentException.class);
        };
    }
    // end::snippet[]
}
