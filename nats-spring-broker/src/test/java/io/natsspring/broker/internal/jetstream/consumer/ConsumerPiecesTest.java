package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Unit tests of the consumer's small parts: config JSON, pull request parsing, durations, NAK delays. */
class ConsumerPiecesTest {

    @Test
    void configJsonRoundTripsInServerOrder() {
        String json = "{\"durable_name\":\"d\",\"deliver_policy\":\"by_start_sequence\",\"opt_start_seq\":5,"
                + "\"ack_policy\":\"explicit\",\"ack_wait\":1000000000,\"max_deliver\":3,"
                + "\"backoff\":[1000000000,2000000000],\"filter_subjects\":[\"a\",\"b\"],"
                + "\"replay_policy\":\"instant\",\"max_waiting\":10,\"max_ack_pending\":20,"
                + "\"headers_only\":true,\"num_replicas\":0,\"metadata\":{\"k\":\"v\"}}";
        ConsumerConfig c = ApiJson.read(json.getBytes(StandardCharsets.UTF_8), ConsumerConfig.class, "ConsumerConfig");
        assertThat(ApiJson.string(c)).isEqualTo(json);
        assertThat(c.filters()).containsExactly("a", "b");
        assertThatThrownBy(() -> ApiJson.read(
                        "{\"ack_policy\":\"sometimes\"}".getBytes(StandardCharsets.UTF_8),
                        ConsumerConfig.class,
                        "ConsumerConfig"))
                .hasMessage("invalid JSON: can not unmarshal \"\\\"sometimes\\\"\"");
    }

    @Test
    void pullRequestForms() {
        PullRequest empty = PullRequest.parse("r", new byte[0], 0);
        assertThat(empty.batch).isEqualTo(1);
        assertThat(PullRequest.parse("r", "7".getBytes(StandardCharsets.UTF_8), 0).batch)
                .isEqualTo(7);
        PullRequest json = PullRequest.parse(
                "r",
                ("{\"batch\":3,\"expires\":100,\"no_wait\":true," + "\"max_bytes\":50,\"idle_heartbeat\":10}")
                        .getBytes(StandardCharsets.UTF_8),
                1000);
        assertThat(json.batch).isEqualTo(3);
        assertThat(json.expiresAt).isEqualTo(1100);
        assertThat(json.noWait).isTrue();
        assertThat(json.maxBytes).isEqualTo(50);
        assertThat(json.nextHeartbeat).isEqualTo(1010);
        assertThatThrownBy(() -> PullRequest.parse(
                        "r", "{\"expires\":10,\"idle_heartbeat\":10}".getBytes(StandardCharsets.UTF_8), 0))
                .hasMessage("heartbeat value too large");
    }

    @Test
    void nakDelays() {
        assertThat(AckState.parseDelay("{\"delay\":5000}")).isEqualTo(5000);
        assertThat(AckState.parseDelay("2s")).isEqualTo(2_000_000_000L);
        assertThat(AckState.parseDelay("junk")).isZero();
    }
}
