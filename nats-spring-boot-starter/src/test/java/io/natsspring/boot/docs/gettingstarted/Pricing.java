package io.natsspring.boot.docs.gettingstarted;

import io.natsspring.annotation.NatsListener;
import org.springframework.stereotype.Component;

@Component
public class Pricing {

    @NatsListener(subject = "pricing.quote", queue = "pricing")   // queue group: one instance answers
    Quote quote(String sku) {                                       // the return value is the reply
        return new Quote(sku, 1250);
    }
}
