package io.natsspring.boot.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.StreamDeclaration;
import io.natsspring.boot.autoconfigure.endpoint.NatsEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

class NatsRuntimeHintsTest {

    @Test
    void registeredInAotFactories() {
        assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                        .load(RuntimeHintsRegistrar.class))
                .hasAtLeastOneElementOfType(NatsRuntimeHints.class);
    }

    @Test
    void coversPropertiesEndpointTypesAndJnatsReflection() {
        RuntimeHints hints = new RuntimeHints();
        new NatsRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertThat(RuntimeHintsPredicates.reflection().onType(NatsProperties.class))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(StreamDeclaration.class))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(NatsEndpoint.StreamDescriptor.class))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                        .onType(TypeReference.of("io.nats.client.impl.SocketDataPort"))
                        .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/spring-configuration-metadata.json"))
                .accepts(hints);
    }
}
