package io.natsspring.annotation.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.nats.client.impl.Headers;
import io.natsspring.annotation.listener.LoggingNatsListenerErrorHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.MimeType;

class JacksonNatsMessageConverterTests {

    record Item(String name, int count) {}

    private final JacksonNatsMessageConverter converter = new JacksonNatsMessageConverter();

    @Test
    void readsBytesTextAndGenericJson() {
        byte[] json = "[{\"name\":\"a\",\"count\":2}]".getBytes(StandardCharsets.UTF_8);
        assertThat(converter.fromPayload(json, byte[].class, null)).isSameAs(json);
        assertThat(converter.fromPayload(
                        new byte[] {(byte) 0xE9}, String.class, MimeType.valueOf("text/plain;charset=ISO-8859-1")))
                .isEqualTo("\u00e9");
        Object items = converter.fromPayload(json, new ParameterizedTypeReference<List<Item>>() {}.getType(), null);
        assertThat(items).isEqualTo(List.of(new Item("a", 2)));
        assertThat(converter.fromPayload(new byte[0], Item.class, null)).isNull();
        assertThatExceptionOfType(MessageConversionException.class)
                .isThrownBy(() -> converter.fromPayload("{oops".getBytes(StandardCharsets.UTF_8), Item.class, null))
                .withMessageContaining(Item.class.getName());
    }

    @Test
    void writesJsonWithAContentTypeAndTextAsIs() {
        Headers headers = new Headers();
        byte[] json = converter.toPayload(Map.of("k", 1), headers);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"k\":1}");
        assertThat(headers.getFirst("Content-Type")).isEqualTo("application/json");
        Headers none = new Headers();
        assertThat(converter.toPayload("plain", none)).isEqualTo("plain".getBytes(StandardCharsets.UTF_8));
        assertThat(none.isEmpty()).isTrue();
    }

    @Test
    void errorPreviewIsShortAndSingleLine() {
        String preview = LoggingNatsListenerErrorHandler.preview(
                new GenericMessage<>(("line1\nline2" + "x".repeat(300)).getBytes(StandardCharsets.UTF_8)));
        assertThat(preview)
                .startsWith("[311 bytes] \"line1 line2")
                .endsWith("...\"")
                .doesNotContain("\n");
        assertThat(preview.length()).isLessThan(160);
    }
}
