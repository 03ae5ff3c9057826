package io.natsspring.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code jetstream.ingest_heap_percent} as an option: its range and the JetStream settings it reaches. */
class IngestHeapPercentOptionTest {

    @Test
    void defaultIsAQuarterAndTheValueReachesTheJetStreamSettings() {
        assertThat(BrokerOptions.builder().build().jetStreamIngestHeapPercent()).isEqualTo(25);
        BrokerOptions o = BrokerOptions.builder()
                .jetStream(true)
                .jetStreamIngestHeapPercent(10)
                .build();
        assertThat(o.toBuilder().build().jetStreamIngestHeapPercent()).isEqualTo(10);
        assertThat(ListenerTranslation.settings(o).jetStream().ingestHeapPercent())
                .isEqualTo(10);
        assertThat(ListenerTranslation.settings(o).jetStream().ingestLimitBytes())
                .isEqualTo(Runtime.getRuntime().maxMemory() * 10 / 100);
    }

    @Test
    void outsideOneToNinetyIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> BrokerOptions.builder().jetStreamIngestHeapPercent(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ingest_heap_percent must be between 1 and 90, was 0");
        assertThatThrownBy(() -> BrokerOptions.builder().jetStreamIngestHeapPercent(91))
                .hasMessageContaining("ingest_heap_percent");
    }
}
