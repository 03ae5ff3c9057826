package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.internal.jetstream.base.ApiTime;
import org.junit.jupiter.api.Test;

class ApiTimeTest {

    @Test
    void formatsLikeGoRfc3339Nano() {
        assertThat(ApiTime.format(0)).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(ApiTime.format(1_000_000_000L)).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(ApiTime.format(1_500_000_000L)).isEqualTo("1970-01-01T00:00:01.5Z");
        assertThat(ApiTime.format(1_795_309_323_123_456_789L)).isEqualTo("2026-11-22T01:02:03.123456789Z");
        assertThat(ApiTime.format(1_795_309_323_120_000_000L)).isEqualTo("2026-11-22T01:02:03.12Z");
    }

    @Test
    void parsesBack() {
        assertThat(ApiTime.parse("2026-11-22T01:02:03.123456789Z")).isEqualTo(1_795_309_323_123_456_789L);
        assertThat(ApiTime.parse("0001-01-01T00:00:00Z")).isZero();
    }
}
