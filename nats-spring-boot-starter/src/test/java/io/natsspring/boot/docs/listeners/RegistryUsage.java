package io.natsspring.boot.docs.listeners;

// tag::snippet[]
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
// end::snippet[]

class RegistryUsage {

    void control(NatsListenerEndpointRegistry registry) {
        // tag::snippet[]
        registry.getListenerContainerIds();          // ["Greeter.greet", "billing", …]
        registry.getListenerContainer("billing").getInFlight();
        registry.pause("billing");                   // JetStream: stop pulling; core: unsubscribe
        registry.resume("billing");
        registry.stop("billing");                    // graceful, as on shutdown
        registry.start("billing");
        // end::snippet[]
    }
}
