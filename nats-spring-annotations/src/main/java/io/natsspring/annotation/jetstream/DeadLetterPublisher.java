package io.natsspring.annotation.jetstream;

import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.util.List;
import java.util.Set;

/**
 * A {@link DeadLetterHandler} that publishes the original payload and headers to a subject through JetStream (so a
 * stream must capture it), adding failure headers: {@code Nats-DLQ-Reason}, {@code Nats-DLQ-Exception},
 * {@code Nats-DLQ-Error}, {@code Nats-DLQ-Subject}, {@code Nats-DLQ-Stream}, {@code Nats-DLQ-Sequence},
 * {@code Nats-DLQ-Consumer}, {@code Nats-DLQ-Deliveries} and {@code Nats-DLQ-Listener}.
 */
public final class DeadLetterPublisher implements DeadLetterHandler {

    /** Header names added to dead letters. */
    public static final String REASON = "Nats-DLQ-Reason";

    public static final String EXCEPTION = "Nats-DLQ-Exception";
    public static final String ERROR = "Nats-DLQ-Error";
    public static final String SUBJECT = "Nats-DLQ-Subject";
    public static final String STREAM = "Nats-DLQ-Stream";
    public static final String STREAM_SEQUENCE = "Nats-DLQ-Sequence";
    public static final String CONSUMER = "Nats-DLQ-Consumer";
    public static final String DELIVERED = "Nats-DLQ-Deliveries";
    public static final String LISTENER = "Nats-DLQ-Listener";

    private static final int MAX_ERROR_LENGTH = 512;

    /** Publish headers of the original that must not be replayed onto the dead-letter subject. */
    private static final Set<String> DROPPED = Set.of(
            "Nats-Msg-Id",
            "Nats-Expected-Stream",
            "Nats-Expected-Last-Sequence",
            "Nats-Expected-Last-Subject-Sequence",
            "Nats-Expected-Last-Msg-Id",
            "Nats-Rollup",
            "Nats-TTL");

    private final JetStream jetStream;
    private final String subject;

    public DeadLetterPublisher(JetStream jetStream, String subject) {
        this.jetStream = jetStream;
        this.subject = subject;
    }

    /** The dead-letter subject. */
    public String subject() {
        return subject;
    }

    @Override
    public void handle(FailedMessage failed) throws Exception {
        Message original = failed.message();
        Headers headers = new Headers();
        if (original.getHeaders() != null) {
            for (String name : original.getHeaders().keySet()) {
                List<String> values = original.getHeaders().get(name);
                if (!DROPPED.contains(name) && values != null && !values.isEmpty()) {
                    headers.put(name, values);
                }
            }
        }
        Throwable cause = rootCause(failed.failure());
        headers.put(REASON, failed.reason());
        headers.put(EXCEPTION, cause.getClass().getName());
        headers.put(ERROR, oneLine(String.valueOf(cause.getMessage())));
        headers.put(SUBJECT, original.getSubject());
        headers.put(LISTENER, failed.listenerId());
        if (original.isJetStream()) {
            headers.put(STREAM, original.metaData().getStream());
            headers.put(STREAM_SEQUENCE, Long.toString(original.metaData().streamSequence()));
            headers.put(CONSUMER, original.metaData().getConsumer());
            headers.put(DELIVERED, Long.toString(original.metaData().deliveredCount()));
        }
        jetStream.publish(NatsMessage.builder()
                .subject(subject)
                .headers(headers)
                .data(original.getData())
                .build());
    }

    static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null
                && t.getCause() != t
                && (t instanceof org.springframework.messaging.MessagingException
                        || t instanceof java.util.concurrent.CompletionException
                        || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        return t;
    }

    private static String oneLine(String text) {
        String flat = text.replace('\r', ' ').replace('\n', ' ');
        return flat.length() <= MAX_ERROR_LENGTH ? flat : flat.substring(0, MAX_ERROR_LENGTH) + "...";
    }
}
