package io.natsspring.boot.aot;

import io.natsspring.boot.autoconfigure.ConsumerDeclaration;
import io.natsspring.boot.autoconfigure.KeyValueDeclaration;
import io.natsspring.boot.autoconfigure.NatsBrokerProperties;
import io.natsspring.boot.autoconfigure.NatsJetStreamProperties;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.ObjectStoreDeclaration;
import io.natsspring.boot.autoconfigure.StreamDeclaration;
import io.natsspring.boot.autoconfigure.endpoint.NatsEndpoint;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Native-image hints: the {@code nats.*} property classes (bound reflectively), the Actuator endpoint's JSON
 * answer types, and the jnats classes that jnats itself loads by name (its socket data ports).
 */
public class NatsRuntimeHints implements RuntimeHintsRegistrar {

    /** jnats instantiates its data port from a class name in the options. */
    static final String[] JNATS_REFLECTIVE = {
        "io.nats.client.impl.SocketDataPort", "io.nats.client.impl.SocketDataPortWithWriteTimeout"
    };

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
        binding.registerReflectionHints(
                hints.reflection(),
                NatsProperties.class,
                NatsProperties.Listener.class,
                NatsBrokerProperties.class,
                NatsBrokerProperties.User.class,
                NatsJetStreamProperties.class,
                StreamDeclaration.class,
                ConsumerDeclaration.class,
                KeyValueDeclaration.class,
                ObjectStoreDeclaration.class,
                NatsEndpoint.NatsDescriptor.class,
                NatsEndpoint.StreamDescriptor.class,
                NatsEndpoint.ConsumerDescriptor.class,
                NatsEndpoint.ListenerDescriptor.class);
        // read by the unknown nats.* key check (NatsPropertiesChecker)
        hints.resources().registerPattern("META-INF/spring-configuration-metadata.json");
        for (String type : JNATS_REFLECTIVE) {
            hints.reflection()
                    .registerType(
                            TypeReference.of(type),
                            MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
                            MemberCategory.INVOKE_PUBLIC_METHODS);
        }
    }
}
