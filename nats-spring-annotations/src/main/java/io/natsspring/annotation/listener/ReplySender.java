package io.natsspring.annotation.listener;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.annotation.support.NatsMessageHeaders;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.validation.FieldError;

/**
 * Sends what a core listener produced: the return value as the reply to a request, or to the {@code @SendTo}
 * subject for plain messages; and, when a request failed, an empty reply carrying the NATS micro error headers
 * {@code Nats-Service-Error-Code} and {@code Nats-Service-Error}.
 */
public final class ReplySender {

    /** Header with the error code of a failed request (400 for unreadable input, 500 otherwise). */
    public static final String ERROR_CODE_HEADER = "Nats-Service-Error-Code";

    /** Header with the error description of a failed request. */
    public static final String ERROR_HEADER = "Nats-Service-Error";

    private static final byte[] EMPTY = new byte[0];

    private final Connection connection;
    private final NatsMessageConverter converter;
    private final @Nullable String sendTo;

    public ReplySender(Connection connection, NatsMessageConverter converter, @Nullable String sendTo) {
        this.connection = connection;
        this.converter = converter;
        this.sendTo = sendTo;
    }

    /**
     * Sends {@code result} to the request's reply subject, else to the {@code @SendTo} subject. A null result
     * answers a request with an empty payload and forwards nothing.
     */
    public void sendResult(Message request, @Nullable Object result) {
        String replyTo = request.getReplyTo();
        if (replyTo != null && !request.isJetStream()) {
            publish(replyTo, result);
        } else if (sendTo != null && result != null) {
            publish(sendTo, result);
        }
    }

    /** Answers a failed request with an error status; does nothing for plain messages. */
    public void sendError(Message request, Throwable failure) {
        String replyTo = request.getReplyTo();
        if (replyTo == null || request.isJetStream()) {
            return;
        }
        Throwable cause = failure instanceof ListenerExecutionFailedException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        Headers headers = new Headers();
        headers.put(ERROR_CODE_HEADER, Integer.toString(errorCode(cause)));
        headers.put(ERROR_HEADER, errorDescription(cause));
        connection.publish(replyTo, headers, EMPTY);
    }

    static int errorCode(Throwable cause) {
        if (cause instanceof NatsServiceException service) {
            return service.getCode();
        }
        if (cause instanceof MessageConversionException || cause instanceof MethodArgumentResolutionException) {
            return 400;
        }
        return 500;
    }

    static String errorDescription(Throwable cause) {
        String text;
        if (cause instanceof MethodArgumentNotValidException invalid && invalid.getBindingResult() != null) {
            StringBuilder fields = new StringBuilder("Invalid payload:");
            for (FieldError error : invalid.getBindingResult().getFieldErrors()) {
                fields.append(' ')
                        .append(error.getField())
                        .append(' ')
                        .append(error.getDefaultMessage())
                        .append(';');
            }
            invalid.getBindingResult()
                    .getGlobalErrors()
                    .forEach(error ->
                            fields.append(' ').append(error.getDefaultMessage()).append(';'));
            text = fields.toString();
        } else if (cause instanceof NatsServiceException || errorCode(cause) == 400) {
            text = String.valueOf(cause.getMessage());
        } else {
            text = "Internal error (" + cause.getClass().getSimpleName() + ")";
        }
        text = text.replace('\r', ' ').replace('\n', ' ');
        return text.length() <= 256 ? text : text.substring(0, 256) + "...";
    }

    private void publish(String subject, @Nullable Object result) {
        Headers headers = new Headers();
        byte[] payload;
        if (result == null) {
            payload = EMPTY;
        } else if (result instanceof org.springframework.messaging.Message<?> message) {
            copyHeaders(message.getHeaders(), headers);
            payload = converter.toPayload(message.getPayload(), headers);
        } else {
            payload = converter.toPayload(result, headers);
        }
        connection.publish(subject, headers.isEmpty() ? null : headers, payload);
    }

    private static void copyHeaders(MessageHeaders source, Headers target) {
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            String name = entry.getKey();
            Object value = entry.getValue();
            if (name.equals(MessageHeaders.ID)
                    || name.equals(MessageHeaders.TIMESTAMP)
                    || name.startsWith(NatsMessageHeaders.PREFIX)
                    || value == null) {
                continue;
            }
            if (name.equals(MessageHeaders.CONTENT_TYPE)) {
                target.put(NatsMessageHeaders.NATS_CONTENT_TYPE, value.toString());
            } else if (value instanceof Iterable<?> values) {
                for (Object each : values) {
                    target.add(name, String.valueOf(each));
                }
            } else {
                target.put(name, value.toString());
            }
        }
    }
}
