package io.natsspring.broker.jetstream.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.consumer.ConsumerConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decoding errors worded as {@code nats-server} 2.15.1 words them (expected texts recorded from the real server),
 * so they are checked even where {@link ApiStrictnessDifferentialTest} is skipped.
 */
class GoJsonErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"name":"X","max_msgs":"5"}      | json: cannot unmarshal string into Go struct field StreamConfigRequest.max_msgs of type int64
            {"name":"X","max_msgs":-1.0}     | json: cannot unmarshal number -1.0 into Go struct field StreamConfigRequest.max_msgs of type int64
            {"name":"X","max_msg_size":99999999999} | json: cannot unmarshal number 99999999999 into Go struct field StreamConfigRequest.max_msg_size of type int32
            {"name":"X","first_seq":-1}      | json: cannot unmarshal number -1 into Go struct field StreamConfigRequest.first_seq of type uint64
            {"name":"X","max_age":"1s"}      | json: cannot unmarshal string into Go struct field StreamConfigRequest.max_age of type time.Duration
            {"name":"X","subjects":[1]}      | json: cannot unmarshal number into StreamConfigRequest.subjects.0 of type string
            {"name":"X","subjects":"a"}      | json: cannot unmarshal string into Go struct field StreamConfigRequest.subjects of type []string
            {"name":"X","metadata":{"a":1}}  | json: cannot unmarshal number into Go struct field StreamConfigRequest.metadata.a of type string
            {"name":"X","metadata":[]}       | json: cannot unmarshal array into Go struct field StreamConfigRequest.metadata of type map[string]string
            {"name":"X","consumer_limits":{"max_ack_pending":"1"}} | json: cannot unmarshal string into Go struct field StreamConfigRequest.consumer_limits.max_ack_pending of type int
            {"name":"X","placement":"x"}     | json: cannot unmarshal string into Go struct field StreamConfigRequest.placement of type server.Placement
            {"name":"X","bogus":1}           | json: unknown field "bogus"
            {"name":"X","retention":5}       | can not unmarshal "5"
            {"name":"X","compression":5}     | json: cannot unmarshal number into Go value of type string
            []                               | json: cannot unmarshal array into Go value of type server.StreamConfigRequest
            {"name":"X",                     | unexpected EOF
            {"name":"X","max_msgs":5}]       | invalid character ']' looking for beginning of value at offset 26
            {"name":"X" "max_msgs":5}        | invalid character '"' after object key:value pair at offset 13
            {"name" "X"}                     | invalid character '"' after object key at offset 9
            {"name":"X",}                    | invalid character '}' looking for beginning of object key string at offset 13
            {"subjects":["a" "b"]}           | invalid character '"' after array element at offset 18
            {"name":tru}                     | invalid character '}' in literal true (expecting 'e') at offset 12
            {'name':'X'}                     | invalid character '\\'' looking for beginning of object key string at offset 2
            {"name":"X","max_msgs":1.}       | invalid character '}' in numeric literal at offset 26
            """)
    void streamConfigRequests(String body, String description) {
        assertThatThrownBy(() ->
                        ApiJson.read(body.getBytes(StandardCharsets.UTF_8), StreamConfig.class, "StreamConfigRequest"))
                .isInstanceOf(ApiException.class)
                .hasMessage("invalid JSON: " + description);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"backoff":["1s"]}               | json: cannot unmarshal string into ConsumerConfig.backoff.0 of type time.Duration
            {"opt_start_time":"yesterday"}   | parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"
            {"opt_start_time":"2024-1-01T00:00:00Z"} | parsing time "2024-1-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T00:00:00Z" as "01"
            {"opt_start_time":"2024-13-01T00:00:00Z"} | parsing time "2024-13-01T00:00:00Z": month out of range
            {"opt_start_time":5}             | json: cannot unmarshal number into Go struct field ConsumerConfig.opt_start_time of type time.Time
            {"ack_policy":null}              | can not unmarshal "null"
            {"max_waiting":1.5}              | json: cannot unmarshal number 1.5 into Go struct field ConsumerConfig.max_waiting of type int
            {"flow_control":"yes"}           | json: cannot unmarshal string into Go struct field ConsumerConfig.flow_control of type bool
            """)
    void consumerConfigs(String body, String description) {
        assertThatThrownBy(() ->
                        ApiJson.read(body.getBytes(StandardCharsets.UTF_8), ConsumerConfig.class, "ConsumerConfig"))
                .isInstanceOf(ApiException.class)
                .hasMessage("invalid JSON: " + description);
    }
}
