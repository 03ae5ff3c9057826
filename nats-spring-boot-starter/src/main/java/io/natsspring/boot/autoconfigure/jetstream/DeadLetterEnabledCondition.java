package io.natsspring.boot.autoconfigure.jetstream;

import io.natsspring.boot.autoconfigure.NatsJetStreamProperties;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterStream;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when dead-letter routing is on globally or for at least one declared stream. */
class DeadLetterEnabledCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        NatsJetStreamProperties js = Binder.get(context.getEnvironment())
                .bind("nats.jetstream", NatsJetStreamProperties.class)
                .orElseGet(NatsJetStreamProperties::new);
        return DeadLetterStream.isEnabled(js)
                ? ConditionOutcome.match("dead-letter routing enabled")
                : ConditionOutcome.noMatch("no dead-letter routing configured");
    }
}
