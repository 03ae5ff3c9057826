package io.natsspring.broker.internal.jetstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.internal.jetstream.JetStreamSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The JVM-wide ingest budget, checked against each broker's own limit ({@code jetstream.ingest_heap_percent}). */
class IngestBudgetTest {

    private static final long MIB = 1024L * 1024;

    @Test
    void theLimitIsTheShareOfTheHeapUpToOneGibibyte() {
        assertThat(IngestBudget.limitFor(25, 256 * MIB)).isEqualTo(64 * MIB);
        assertThat(IngestBudget.limitFor(10, 48 * MIB)).isEqualTo(48 * MIB * 10 / 100);
        assertThat(IngestBudget.limitFor(90, 8192 * MIB)).isEqualTo(1024 * MIB);
        assertThat(IngestBudget.DEFAULT_LIMIT)
                .isEqualTo(IngestBudget.limitFor(
                        IngestBudget.DEFAULT_HEAP_PERCENT, Runtime.getRuntime().maxMemory()));
    }

    @Test
    void aReservationPastTheLimitIsRefusedUntilBytesAreGivenBack() {
        long base = IngestBudget.queued();
        long limit = base + 1000;
        assertThat(IngestBudget.tryReserve(600, limit)).isTrue();
        try {
            assertThat(IngestBudget.tryReserve(600, limit)).isFalse();
            assertThat(IngestBudget.tryReserve(400, limit)).isTrue();
            IngestBudget.release(400);
            // a larger limit (another broker's) still takes it
            assertThat(IngestBudget.tryReserve(600, limit + 1000)).isTrue();
            IngestBudget.release(600);
        } finally {
            IngestBudget.release(600);
        }
        assertThat(IngestBudget.queued()).isEqualTo(base);
    }

    @Test
    void theSettingsCarryThePercentToTheLimit() {
        JetStreamSettings settings =
                new JetStreamSettings(null, -1, -1, Duration.ofMinutes(2), false, 10_000, null, 10_000, 5);
        assertThat(settings.ingestLimitBytes())
                .isEqualTo(IngestBudget.limitFor(5, Runtime.getRuntime().maxMemory()))
                .isLessThan(IngestBudget.DEFAULT_LIMIT);
        assertThat(new JetStreamSettings(null, -1, -1, Duration.ofMinutes(2), false, 10_000, null, 10_000)
                        .ingestHeapPercent())
                .isEqualTo(IngestBudget.DEFAULT_HEAP_PERCENT);
    }
}
