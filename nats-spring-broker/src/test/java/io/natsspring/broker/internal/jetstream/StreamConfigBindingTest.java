package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamConfigRules;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamConfigBindingTest {

    private static StreamConfig read(String json) {
        return ApiJson.read(json.getBytes(StandardCharsets.UTF_8), StreamConfig.class, "StreamConfigRequest");
    }

    @Test
    void normalizedConfigRoundTrips() {
        StreamConfig c = StreamConfigRules.normalize(
                read("{\"name\":\"X\",\"subjects\":[\"a\",\"b.>\"],\"storage\":\"memory\",\"max_age\":1000000000,"
                        + "\"metadata\":{\"z\":\"1\",\"a\":\"2\"},\"compression\":\"s2\",\"allow_direct\":true,"
                        + "\"consumer_limits\":{\"max_ack_pending\":5},\"placement\":{\"cluster\":\"c\"}}"));
        assertThat(c.duplicateWindowNanos()).isEqualTo(1_000_000_000L);
        assertThat(c.maxMsgs()).isEqualTo(-1);
        String json = ApiJson.string(c);
        assertThat(json)
                .startsWith("{\"name\":\"X\",\"subjects\":[\"a\",\"b.>\"],\"retention\":\"limits\"")
                .contains("\"compression\":\"s2\"")
                .endsWith("\"metadata\":{\"a\":\"2\",\"z\":\"1\"}}");
        StreamConfig back = read(json);
        assertThat(back).isEqualTo(c);
        assertThat(StreamConfigRules.normalize(back)).isEqualTo(c);
    }

    @Test
    void writesTheFieldsNatsServerWritesInItsOrder() {
        StreamConfig c =
                StreamConfigRules.normalize(read("{\"name\":\"G\",\"subjects\":[\"g.>\"],\"storage\":\"memory\"}"));
        assertThat(ApiJson.string(c))
                .isEqualTo("{\"name\":\"G\",\"subjects\":[\"g.>\"],\"retention\":\"limits\","
                        + "\"max_consumers\":-1,\"max_msgs\":-1,\"max_bytes\":-1,\"max_age\":0,\"max_msgs_per_subject\":-1,"
                        + "\"max_msg_size\":-1,\"discard\":\"old\",\"storage\":\"memory\",\"num_replicas\":1,"
                        + "\"duplicate_window\":120000000000,\"compression\":\"none\",\"allow_direct\":false,"
                        + "\"mirror_direct\":false,\"sealed\":false,\"deny_delete\":false,\"deny_purge\":false,"
                        + "\"allow_rollup_hdrs\":false,\"consumer_limits\":{},\"allow_msg_ttl\":false}");
        StreamConfig full = StreamConfigRules.normalize(read("{\"name\":\"F\",\"description\":\"d\","
                + "\"subjects\":[\"f.>\"],\"max_msg_size\":100,\"no_ack\":true,\"duplicate_window\":1000000000,"
                + "\"max_age\":2000000000,\"first_seq\":5,\"discard_new_per_subject\":true,\"discard\":\"new\","
                + "\"max_msgs_per_subject\":3,"
                + "\"allow_rollup_hdrs\":true,\"consumer_limits\":{\"max_ack_pending\":5,"
                + "\"inactive_threshold\":1000000000},\"metadata\":{\"b\":\"1\",\"a\":\"2\"},"
                + "\"placement\":{\"cluster\":\"c\"},\"allow_direct\":true,\"storage\":\"memory\"}"));
        assertThat(ApiJson.string(full))
                .isEqualTo("{\"name\":\"F\",\"description\":\"d\",\"subjects\":[\"f.>\"],"
                        + "\"retention\":\"limits\",\"max_consumers\":-1,\"max_msgs\":-1,\"max_bytes\":-1,"
                        + "\"max_age\":2000000000,\"max_msgs_per_subject\":3,\"max_msg_size\":100,\"discard\":\"new\","
                        + "\"storage\":\"memory\",\"num_replicas\":1,\"no_ack\":true,\"duplicate_window\":1000000000,"
                        + "\"placement\":{\"cluster\":\"c\"},\"compression\":\"none\",\"first_seq\":5,"
                        + "\"allow_direct\":true,\"mirror_direct\":false,\"discard_new_per_subject\":true,"
                        + "\"sealed\":false,\"deny_delete\":false,\"deny_purge\":false,\"allow_rollup_hdrs\":true,"
                        + "\"consumer_limits\":{\"inactive_threshold\":1000000000,\"max_ack_pending\":5},"
                        + "\"allow_msg_ttl\":false,\"metadata\":{\"a\":\"2\",\"b\":\"1\"}}");
    }

    @Test
    void acceptsWhatGoAccepts() {
        StreamConfig c = read("{\"NAME\":\"X\",\"max_msgs\":null,\"subjects\":null,\"no_ack\":null,"
                + "\"compression\":\"\",\"pedantic\":true}");
        assertThat(c.name()).isEqualTo("X");
        assertThat(c.maxMsgs()).isZero();
        assertThat(c.subjects()).isEmpty();
        assertThat(c.compression()).isEqualTo("none");
        assertThat(read("")).isEqualTo(read("{}")).isEqualTo(read("null"));
    }

    @Test
    void rejectsWrongTypesAndUnknownEnums() {
        assertThatThrownBy(() -> read("{\"name\":\"X\",\"retention\":\"forever\"}"))
                .isInstanceOf(ApiException.class)
                .hasMessage("invalid JSON: can not unmarshal \"\\\"forever\\\"\"");
        assertThatThrownBy(() -> read("{\"name\":1}"))
                .isInstanceOf(ApiException.class)
                .hasMessage(
                        "invalid JSON: json: cannot unmarshal number into Go struct field StreamConfigRequest.name of type string");
        assertThatThrownBy(() -> StreamConfigRules.normalize(read("{\"name\":\"a.b\"}")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("stream name is required");
        assertThatThrownBy(
                        () -> StreamConfigRules.normalize(read("{\"name\":\"x\",\"subject_delete_marker_ttl\":100}")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("subject delete marker TTL must be at least 1 second");
    }
}
