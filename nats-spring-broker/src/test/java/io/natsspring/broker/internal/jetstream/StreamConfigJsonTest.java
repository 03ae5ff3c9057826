package io.natsspring.broker.internal.jetstream;

import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamConfigJson;
import io.natsspring.broker.internal.jetstream.stream.StreamConfigRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamConfigJsonTest {

    @Test
    void normalizedConfigRoundTrips() {
        StreamConfig c = StreamConfigRules.normalize(StreamConfigJson.decode(ApiJson.parseObject(
                "{\"name\":\"X\",\"subjects\":[\"a\",\"b.>\"],\"storage\":\"memory\",\"max_age\":1000000000,"
                        + "\"metadata\":{\"z\":\"1\",\"a\":\"2\"},\"compression\":\"s2\",\"allow_direct\":true,"
                        + "\"consumer_limits\":{\"max_ack_pending\":5},\"placement\":{\"cluster\":\"c\"}}")));
        assertThat(c.duplicateWindowNanos()).isEqualTo(1_000_000_000L);
        assertThat(c.maxMsgs()).isEqualTo(-1);
        String json = ApiJson.string(StreamConfigJson.encode(c));
        assertThat(json).startsWith("{\"name\":\"X\",\"subjects\":[\"a\",\"b.>\"],\"retention\":\"limits\"")
                .contains("\"compression\":\"s2\"").contains("\"metadata\":{\"a\":\"2\",\"z\":\"1\"}");
        StreamConfig back = StreamConfigJson.decode(ApiJson.parseObject(json));
        assertThat(back).isEqualTo(c);
        assertThat(StreamConfigRules.normalize(back)).isEqualTo(c);
    }

    @Test
    void rejectsWrongTypesAndUnknownEnums() {
        assertThatThrownBy(() -> StreamConfigJson.decode(ApiJson.parseObject("{\"name\":\"X\",\"retention\":\"forever\"}")))
                .isInstanceOf(ApiException.class).hasMessage("invalid JSON");
        assertThatThrownBy(() -> StreamConfigJson.decode(ApiJson.parseObject("{\"name\":1}")))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> StreamConfigRules.normalize(StreamConfigJson.decode(ApiJson.parseObject(
                "{\"name\":\"a.b\"}")))).isInstanceOf(ApiException.class)
                .hasMessageContaining("stream name is required");
        assertThatThrownBy(() -> StreamConfigRules.normalize(StreamConfigJson.decode(ApiJson.parseObject(
                "{\"name\":\"x\",\"allow_msg_ttl\":true}")))).isInstanceOf(ApiException.class)
                .hasMessageContaining("per-message TTL");
    }
}
