package io.natsspring.boot.docs.listeners;

import io.natsspring.annotation.NatsListener;
import org.springframework.stereotype.Component;

@Component
class Greeter {

    @NatsListener("greet.*")                          // one or several subjects, wildcards allowed
    String greet(String name) {                        // a request gets the return value as its reply
        return "hello " + name;
    }
}
