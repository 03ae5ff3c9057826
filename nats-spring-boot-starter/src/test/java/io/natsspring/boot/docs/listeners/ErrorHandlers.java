package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.natsspring.annotation.NatsListener;
import io.natsspring.annotation.listener.NatsListenerErrorHandler;
import org.springframework.context.annotation.Bean;
// end::snippet[]

class ErrorHandlers {

    // tag::snippet[]
    @Bean
    NatsListenerErrorHandler fallbackQuote() {
        return (message, exception) -> Quote.unavailable();   // sent as the reply
    }

    @NatsListener(subject = "quotes.get", errorHandler = "fallbackQuote")
    Quote quote(String symbol) { return new Quote(symbol, 1250); }
    // end::snippet[]
}
