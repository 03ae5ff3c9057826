package io.natsspring.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.NatsBroker;
import io.natsspring.test.EmbeddedNatsBroker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

class EmbeddedNatsBrokerContextCustomizerTest {

    private final EmbeddedNatsBrokerContextCustomizerFactory factory = new EmbeddedNatsBrokerContextCustomizerFactory();

    @Test
    void equalSettingsGiveEqualCustomizersSoContextsAreShared() {
        ContextCustomizer a = factory.createContextCustomizer(CoreA.class, List.of());
        ContextCustomizer b = factory.createContextCustomizer(CoreB.class, List.of());
        ContextCustomizer js = factory.createContextCustomizer(WithJetStream.class, List.of());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(js);
        assertThat(factory.createContextCustomizer(Plain.class, List.of())).isNull();
        assertThat(factory.createContextCustomizer(WithJetStream.Inner.class, List.of()))
                .isEqualTo(js);
    }

    @Test
    void theBrokerStopsWhenTheContextCloses() {
        ContextCustomizer customizer = factory.createContextCustomizer(CoreA.class, List.of());
        GenericApplicationContext context = new GenericApplicationContext();
        customizer.customizeContext(
                context,
                new MergedContextConfiguration(CoreA.class, new String[0], new Class<?>[0], new String[0], null));
        context.refresh();
        NatsBroker broker = context.getBean(EmbeddedNatsBroker.BEAN_NAME, NatsBroker.class);
        assertThat(broker.isRunning()).isTrue();
        assertThat(context.getEnvironment().getProperty("nats.servers")).isEqualTo(broker.clientUrl());
        context.close();
        assertThat(broker.isRunning()).isFalse();
    }

    @EmbeddedNatsBroker
    static class CoreA {}

    @EmbeddedNatsBroker
    static class CoreB {}

    @EmbeddedNatsBroker(jetStream = true)
    static class WithJetStream {
        class Inner {}
    }

    static class Plain {}
}
