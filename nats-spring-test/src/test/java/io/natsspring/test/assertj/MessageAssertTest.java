package io.natsspring.test.assertj;

import static io.natsspring.test.assertj.NatsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageAssertTest {

    private final Message message = NatsMessage.builder()
            .subject("orders.created")
            .replyTo("_INBOX.1")
            .headers(new Headers().add("Nats-Msg-Id", "o-1").add("trace", "a", "b"))
            .data("{\"id\":\"o-1\",\"items\":[1,2]}", StandardCharsets.UTF_8)
            .build();

    @Test
    void passesOnAMatchingMessage() {
        assertThat(message)
                .hasSubject("orders.created")
                .hasReplyTo("_INBOX.1")
                .hasHeader("Nats-Msg-Id")
                .hasHeader("trace", "b")
                .doesNotHaveHeader("missing")
                .hasJsonPayload(" { \"items\": [1, 2], \"id\": \"o-1\" } ")
                .hasPayload("{\"id\":\"o-1\",\"items\":[1,2]}")
                .payloadAsString()
                .contains("o-1");
    }

    @Test
    void failsNamingWhatDiffers() {
        assertThatThrownBy(() -> assertThat(message).hasSubject("orders.paid"))
                .hasMessageContaining("Expected subject <orders.paid> but was <orders.created>");
        assertThatThrownBy(() -> assertThat(message).hasHeader("Nats-Msg-Id", "o-2"))
                .hasMessageContaining("Expected header <Nats-Msg-Id> to have value <o-2> but its values are [o-1]");
        assertThatThrownBy(() -> assertThat(message).hasHeader("absent"))
                .hasMessageContaining("Expected header <absent>")
                .hasMessageContaining("Nats-Msg-Id=[o-1]");
        assertThatThrownBy(() -> assertThat(message).doesNotHaveHeader("trace"))
                .hasMessageContaining("Expected no header <trace> but it has values [a, b]");
        assertThatThrownBy(() -> assertThat(message).hasEmptyPayload())
                .hasMessageContaining("Expected an empty payload");
    }

    @Test
    void jsonComparisonKeepsArrayOrderAndValues() {
        assertThatThrownBy(() -> assertThat(message).hasJsonPayload("{\"id\":\"o-1\",\"items\":[2,1]}"))
                .hasMessageContaining("Expected JSON payload");
        Message text = NatsMessage.builder()
                .subject("s")
                .data("not json", StandardCharsets.UTF_8)
                .build();
        assertThatThrownBy(() -> assertThat(text).hasJsonPayload("{}"))
                .hasMessageContaining("the payload is not JSON: <not json>");
        assertThatThrownBy(() -> assertThat(message).hasJsonPayload("{broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The expected JSON is not valid");
    }

    @Test
    void bytesAndEmptyPayloads() {
        Message empty = NatsMessage.builder().subject("s").build();
        assertThat(empty).hasEmptyPayload().hasPayload(new byte[0]).hasPayload("");
        assertThatThrownBy(() -> assertThat(empty).hasPayload(new byte[] {1}))
                .hasMessageContaining("Expected payload [1] but was []");
        assertThatThrownBy(() -> assertThat((Message) null).hasSubject("s"))
                .hasMessageContaining("Expecting actual not to be null");
    }
}
