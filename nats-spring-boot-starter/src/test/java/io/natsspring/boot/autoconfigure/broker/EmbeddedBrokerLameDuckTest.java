package io.natsspring.boot.autoconfigure.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.NatsBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nats.broker.lame-duck-duration} / {@code -grace-period}: closing the context puts the embedded broker into
 * lame-duck mode (another client gets the {@code LAME_DUCK} event) before the application's connection drains and
 * the broker stops.
 */
class EmbeddedBrokerLameDuckTest {

    @TempDir
    static Path store;

    @Test
    void contextCloseAnnouncesLameDuckModeToOtherClientsThenStops() throws Exception {
        List<ConnectionListener.Events> events = new CopyOnWriteArrayList<>();
        AtomicReference<NatsBroker> broker = new AtomicReference<>();
        AtomicReference<Connection> other = new AtomicReference<>();
        NatsAutoConfigurations.runner(store)
                .withPropertyValues("nats.broker.lame-duck-duration=30s", "nats.broker.lame-duck-grace-period=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    NatsBroker b = context.getBean(NatsBroker.class);
                    assertThat(b.options().lameDuckDuration()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(b.options().lameDuckGracePeriod()).isEqualTo(Duration.ofSeconds(1));
                    broker.set(b);
                    other.set(Nats.connect(new Options.Builder()
                            .server(b.clientUrl())
                            .maxReconnects(0)
                            .connectionListener((c, e) -> events.add(e))
                            .build()));
                });
        try {
            assertThat(events).contains(ConnectionListener.Events.LAME_DUCK);
            assertThat(broker.get().isRunning()).isFalse();
        } finally {
            other.get().close();
        }
    }

    @Test
    void aGracePeriodNotBelowTheDurationIsRefusedNamingTheProperties() {
        NatsAutoConfigurations.runner(store)
                .withPropertyValues("nats.broker.lame-duck-duration=30s", "nats.broker.lame-duck-grace-period=1m")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("lame duck grace period (1m0s) should be strictly lower"));
    }
}
