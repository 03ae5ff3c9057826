package io.natsspring.boot.docs.jnats;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.natsspring.boot.docs.gettingstarted.Quote;
import io.natsspring.boot.template.NatsTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class PricingWithJnats {

    @Bean
    Dispatcher pricing(Connection nats, NatsTemplate template) {
        Dispatcher d = nats.createDispatcher(msg -> {
            String sku = template.convert(msg, String.class);
            template.publish(msg.getReplyTo(), new Quote(sku, 1250));
        });
        d.subscribe("pricing.quote", "pricing");   // queue group: one instance answers
        return d;
    }
}
