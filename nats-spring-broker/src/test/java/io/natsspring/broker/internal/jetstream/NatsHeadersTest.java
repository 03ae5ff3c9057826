package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NatsHeadersTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsValues() {
        byte[] h = b("NATS/1.0\r\nNats-Msg-Id:  abc \r\nX: 1\r\nX: 2\r\n\r\n");
        assertThat(NatsHeaders.get(h, "Nats-Msg-Id")).isEqualTo("abc");
        assertThat(NatsHeaders.get(h, "X")).isEqualTo("1");
        assertThat(NatsHeaders.get(h, "nats-msg-id")).isNull();
        assertThat(NatsHeaders.get(h, "Missing")).isNull();
        assertThat(NatsHeaders.get(null, "X")).isNull();
        assertThat(NatsHeaders.get(b("NATS/1.0 503\r\n\r\n"), "X")).isNull();
    }

    @Test
    void appendsToExistingAndFreshBlocks() {
        byte[] h = NatsHeaders.append(b("NATS/1.0\r\nA: 1\r\n\r\n"), "B", "2");
        assertThat(new String(h, StandardCharsets.UTF_8)).isEqualTo("NATS/1.0\r\nA: 1\r\nB: 2\r\n\r\n");
        byte[] fresh = NatsHeaders.append(null, "K", "v", "L", "w");
        assertThat(new String(fresh, StandardCharsets.UTF_8)).isEqualTo("NATS/1.0\r\nK: v\r\nL: w\r\n\r\n");
        assertThat(NatsHeaders.get(fresh, "L")).isEqualTo("w");
    }
}
