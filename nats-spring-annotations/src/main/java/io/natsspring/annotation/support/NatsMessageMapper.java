package io.natsspring.annotation.support;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.MimeType;

/**
 * Maps a jnats {@link Message} to a Spring {@link org.springframework.messaging.Message} with a {@code byte[]}
 * payload. NATS headers keep their names (one value as {@code String}, several as {@code List<String>}); the subject,
 * reply-to, raw message and JetStream metadata go under the {@link NatsMessageHeaders} names.
 */
public final class NatsMessageMapper {

    private static final byte[] EMPTY = new byte[0];

    private NatsMessageMapper() {}

    /**
     * @param contentType the listener's content type override, or null to use the message's {@code Content-Type}
     * @param acknowledgment the JetStream acknowledgment handle, or null for core messages
     */
    public static org.springframework.messaging.Message<byte[]> toSpringMessage(
            Message message, @Nullable MimeType contentType, @Nullable Object acknowledgment) {
        Map<String, Object> headers = new LinkedHashMap<>();
        Headers natsHeaders = message.getHeaders();
        if (natsHeaders != null && !natsHeaders.isEmpty()) {
            for (String name : natsHeaders.keySet()) {
                List<String> values = natsHeaders.get(name);
                if (values != null && !values.isEmpty()) {
                    headers.put(name, values.size() == 1 ? values.get(0) : List.copyOf(values));
                }
            }
        }
        headers.put(NatsMessageHeaders.SUBJECT, message.getSubject());
        if (message.getReplyTo() != null && !message.isJetStream()) {
            headers.put(NatsMessageHeaders.REPLY_TO, message.getReplyTo());
        }
        headers.put(NatsMessageHeaders.RAW_MESSAGE, message);
        if (message.isJetStream()) {
            NatsJetStreamMetaData meta = message.metaData();
            headers.put(NatsMessageHeaders.STREAM, meta.getStream());
            headers.put(NatsMessageHeaders.CONSUMER, meta.getConsumer());
            headers.put(NatsMessageHeaders.STREAM_SEQUENCE, meta.streamSequence());
            headers.put(NatsMessageHeaders.CONSUMER_SEQUENCE, meta.consumerSequence());
            headers.put(NatsMessageHeaders.DELIVERED_COUNT, meta.deliveredCount());
            headers.put(NatsMessageHeaders.PENDING, meta.pendingCount());
            headers.put(NatsMessageHeaders.TIMESTAMP, meta.timestamp());
        }
        if (acknowledgment != null) {
            headers.put(NatsMessageHeaders.ACKNOWLEDGMENT, acknowledgment);
        }
        if (contentType != null) {
            headers.put(MessageHeaders.CONTENT_TYPE, contentType);
        } else if (natsHeaders != null && natsHeaders.getFirst(NatsMessageHeaders.NATS_CONTENT_TYPE) != null) {
            headers.put(MessageHeaders.CONTENT_TYPE, natsHeaders.getFirst(NatsMessageHeaders.NATS_CONTENT_TYPE));
        }
        byte[] payload = message.getData();
        return new GenericMessage<>(payload != null ? payload : EMPTY, new MessageHeaders(headers));
    }

    /** The jnats message behind a mapped Spring message, or null when it did not come from NATS. */
    public static @Nullable Message rawMessage(org.springframework.messaging.Message<?> message) {
        return message.getHeaders().get(NatsMessageHeaders.RAW_MESSAGE) instanceof Message raw ? raw : null;
    }
}
