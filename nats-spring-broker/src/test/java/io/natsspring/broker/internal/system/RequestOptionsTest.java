package io.natsspring.broker.internal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestOptionsTest {

    private static final ServerEnvelope SERVER = new ServerEnvelope("NID", "east-1", "10.0.0.5", "2.15.1", true);

    private static RequestOptions of(String body) {
        return RequestOptions.of(new SystemRequest(
                "$SYS.REQ.SERVER.PING.CONNZ", "_INBOX.x", "SYS", null, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void filterMatchesByContainsUnlessExact() {
        assertThat(of("").filtersOut(SERVER)).isFalse();
        assertThat(of("{\"server_name\":\"east\"}").filtersOut(SERVER)).isFalse();
        assertThat(of("{\"server_name\":\"east\",\"exact_match\":true}").filtersOut(SERVER))
                .isTrue();
        assertThat(of("{\"server_name\":\"west\"}").filtersOut(SERVER)).isTrue();
        assertThat(of("{\"host\":\"10.0.0\"}").filtersOut(SERVER)).isFalse();
        assertThat(of("{\"cluster\":\"c1\"}").filtersOut(SERVER)).isTrue();
        assertThat(of("{\"tags\":[\"az:1\"]}").filtersOut(SERVER)).isTrue();
        assertThat(of("{\"domain\":\"hub\"}").filtersOut(SERVER)).isTrue();
    }

    @Test
    void monitoringOptionsBecomeQueryParameters() {
        assertThat(of("{\"subscriptions\":true,\"auth\":true,\"offset\":2,\"limit\":5,\"acc\":\"A\"}")
                        .query())
                .isEqualTo(Map.of(
                        "subs", List.of("1"),
                        "auth", List.of("1"),
                        "offset", List.of("2"),
                        "limit", List.of("5"),
                        "acc", List.of("A")));
        assertThat(of("{\"account\":\"B\",\"accounts\":true}").query())
                .isEqualTo(Map.of("acc", List.of("B"), "accounts", List.of("true")));
        assertThat(of("{\"unknown\":1}").query()).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> of("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEnvelopeCountsEveryMessageAndReplacesThePlaceholder() {
        ServerEnvelope e = new ServerEnvelope("NID", "n", "h", "2.15.1", true);
        String first = new String(e.render(SystemRequest.data(Map.of("k", 1))), StandardCharsets.UTF_8);
        String second = new String(e.render(SystemRequest.error(400, "bad")), StandardCharsets.UTF_8);
        assertThat(first)
                .startsWith("{\"server\":{\"name\":\"n\",\"host\":\"h\",\"id\":\"NID\",\"ver\":\"2.15.1\","
                        + "\"feature_flags\":{\"js_ack_fc_v2\":false,\"js_api_reply_v2\":false,"
                        + "\"js_raft_delete_range\":true,\"js_snapshot_sources\":false},"
                        + "\"jetstream\":true,\"flags\":3,\"seq\":1,\"time\":\"")
                .endsWith("\"data\":{\"k\":1}}");
        assertThat(second)
                .contains("\"seq\":2")
                .endsWith("\"data\":null,\"error\":{\"code\":400,\"description\":\"bad\"}}");
        assertThat(new String(e.render(e.idz()), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"n\",\"host\":\"h\",\"id\":\"NID\"}");
        assertThat(SystemEvents.eventId()).hasSize(22).matches("[0-9A-Za-z]+");
    }
}
