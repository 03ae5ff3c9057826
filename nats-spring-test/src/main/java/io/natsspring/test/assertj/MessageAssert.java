package io.natsspring.test.assertj;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** AssertJ assertions on a jnats {@link Message}; start with {@link NatsAssertions#assertThat(Message)}. */
public class MessageAssert extends AbstractAssert<MessageAssert, Message> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    protected MessageAssert(Message actual) {
        super(actual, MessageAssert.class);
    }

    /** The subject is exactly {@code subject}. */
    public MessageAssert hasSubject(String subject) {
        isNotNull();
        if (!subject.equals(actual.getSubject())) {
            failWithMessage("Expected subject <%s> but was <%s>", subject, actual.getSubject());
        }
        return this;
    }

    /** The reply-to subject is exactly {@code replyTo}. */
    public MessageAssert hasReplyTo(String replyTo) {
        isNotNull();
        if (!replyTo.equals(actual.getReplyTo())) {
            failWithMessage("Expected reply-to <%s> but was <%s>", replyTo, actual.getReplyTo());
        }
        return this;
    }

    /** The header {@code name} is present. */
    public MessageAssert hasHeader(String name) {
        isNotNull();
        if (values(name) == null) {
            failWithMessage("Expected header <%s> but the message has headers %s", name, headerText());
        }
        return this;
    }

    /** The header {@code name} has {@code value} among its values. */
    public MessageAssert hasHeader(String name, String value) {
        hasHeader(name);
        List<String> values = values(name);
        if (!values.contains(value)) {
            failWithMessage("Expected header <%s> to have value <%s> but its values are %s", name, value, values);
        }
        return this;
    }

    /** The header {@code name} is absent. */
    public MessageAssert doesNotHaveHeader(String name) {
        isNotNull();
        if (values(name) != null) {
            failWithMessage("Expected no header <%s> but it has values %s", name, values(name));
        }
        return this;
    }

    /** The payload is the UTF-8 encoding of {@code text}. */
    public MessageAssert hasPayload(String text) {
        isNotNull();
        String payload = payloadText();
        if (!text.equals(payload)) {
            failWithMessage("Expected payload <%s> but was <%s>", text, payload);
        }
        return this;
    }

    /** The payload is exactly {@code bytes}. */
    public MessageAssert hasPayload(byte[] bytes) {
        isNotNull();
        byte[] data = actual.getData() == null ? new byte[0] : actual.getData();
        if (!Arrays.equals(bytes, data)) {
            failWithMessage("Expected payload %s but was %s", Arrays.toString(bytes), Arrays.toString(data));
        }
        return this;
    }

    /** The payload is empty. */
    public MessageAssert hasEmptyPayload() {
        isNotNull();
        if (actual.getData() != null && actual.getData().length > 0) {
            failWithMessage("Expected an empty payload but was <%s>", payloadText());
        }
        return this;
    }

    /**
     * The payload is JSON equal to {@code json}: same fields and values, field order and white space ignored,
     * array order significant.
     */
    public MessageAssert hasJsonPayload(String json) {
        isNotNull();
        JsonNode expected;
        try {
            expected = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The expected JSON is not valid: " + json, e);
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(payloadText());
        } catch (JacksonException e) {
            failWithMessage(
                    "Expected a JSON payload equal to <%s> but the payload is not JSON: <%s>", json, payloadText());
            return this;
        }
        if (!expected.equals(payload)) {
            failWithMessage("Expected JSON payload <%s> but was <%s>", expected, payload);
        }
        return this;
    }

    /** Continues with assertions on the payload as UTF-8 text. */
    public AbstractStringAssert<?> payloadAsString() {
        isNotNull();
        return Assertions.assertThat(payloadText()).as("payload of the message on %s", actual.getSubject());
    }

    private String payloadText() {
        return actual.getData() == null ? "" : new String(actual.getData(), StandardCharsets.UTF_8);
    }

    private List<String> values(String name) {
        Headers headers = actual.getHeaders();
        return headers == null ? null : headers.get(name);
    }

    private String headerText() {
        Headers headers = actual.getHeaders();
        if (headers == null || headers.isEmpty()) {
            return "{}";
        }
        StringBuilder text = new StringBuilder("{");
        headers.keySet()
                .forEach(k -> text.append(text.length() > 1 ? ", " : "")
                        .append(k)
                        .append('=')
                        .append(headers.get(k)));
        return text.append('}').toString();
    }
}
