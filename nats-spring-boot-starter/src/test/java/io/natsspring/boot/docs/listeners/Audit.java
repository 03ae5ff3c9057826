package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.natsspring.annotation.NatsListener;
import io.natsspring.annotation.Subject;
import jakarta.validation.Valid;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;

import java.util.List;
import java.util.Map;
// end::snippet[]

class Audit {

    // tag::snippet[]
    @NatsListener("orders.>")
    void audit(@Subject String subject, @Header("X-Tenant") String tenant, @Header("X-Tag") List<String> tags,
            @Headers Map<String, Object> all, @Valid Order order) {
    }
    // end::snippet[]
}
