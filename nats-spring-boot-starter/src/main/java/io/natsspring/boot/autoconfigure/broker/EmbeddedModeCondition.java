package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.boot.autoconfigure.NatsMode;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the embedded broker should run: {@code nats.mode=embedded}, or {@code nats.mode=auto} (the default)
 * with no {@code nats.servers} and {@code nats.broker.enabled} not false.
 */
class EmbeddedModeCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        NatsMode mode = binder.bind("nats.mode", NatsMode.class).orElse(NatsMode.AUTO);
        if (mode == NatsMode.EMBEDDED) {
            return ConditionOutcome.match("nats.mode=embedded");
        }
        if (mode == NatsMode.REMOTE) {
            return ConditionOutcome.noMatch("nats.mode=remote");
        }
        List<String> servers =
                binder.bind("nats.servers", Bindable.listOf(String.class)).orElse(List.of());
        if (!servers.isEmpty()) {
            return ConditionOutcome.noMatch("nats.servers is set: remote mode");
        }
        if (!binder.bind("nats.broker.enabled", Boolean.class).orElse(true)) {
            return ConditionOutcome.noMatch("nats.broker.enabled=false: remote mode");
        }
        return ConditionOutcome.match("nats.mode=auto and no nats.servers");
    }
}
