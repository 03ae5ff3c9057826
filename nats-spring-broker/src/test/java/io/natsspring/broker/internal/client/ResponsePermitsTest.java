package io.natsspring.broker.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.natsspring.broker.internal.auth.ResponsePermission;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reply subjects {@code allow_responses} opens, counted and expired as nats-server does. */
class ResponsePermitsTest {

    @Test
    void eachGrantAllowsMaxResponses() {
        ResponsePermits permits = new ResponsePermits(new ResponsePermission(2, Duration.ofMinutes(1)));
        assertThat(permits.use("r.1")).isFalse();
        permits.granted("r.1");
        assertThat(permits.use("r.1")).isTrue();
        assertThat(permits.use("r.1")).isTrue();
        assertThat(permits.use("r.1")).isFalse();
        assertThat(permits.size()).isZero();
        permits.granted("r.1");
        assertThat(permits.use("r.1")).isTrue();
    }

    @Test
    void negativeMaxIsUnlimitedAndGrantsExpire() {
        ResponsePermits permits = new ResponsePermits(new ResponsePermission(-1, Duration.ofMillis(200)));
        permits.granted("r.1");
        for (int i = 0; i < 100; i++) {
            assertThat(permits.use("r.1")).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !permits.use("r.1"));
    }

    @Test
    void grantsAreBounded() {
        ResponsePermits permits = new ResponsePermits(new ResponsePermission(1, Duration.ofMinutes(1)));
        for (int i = 0; i < ResponsePermits.LIMIT + 10_000; i++) {
            permits.granted("r." + i);
        }
        assertThat(permits.size()).isLessThanOrEqualTo(ResponsePermits.LIMIT);
    }
}
