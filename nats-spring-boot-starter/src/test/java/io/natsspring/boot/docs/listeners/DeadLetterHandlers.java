package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.natsspring.annotation.jetstream.DeadLetterHandler;
import org.springframework.context.annotation.Bean;
// end::snippet[]

class DeadLetterHandlers {

    // tag::snippet[]
    @Bean
    DeadLetterHandler parkInDatabase(FailedMessageRepository repository) {
        return failed -> repository.save(failed.listenerId(), failed.message().getData(), failed.reason());
    }
    // end::snippet[]
}
