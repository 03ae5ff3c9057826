package io.natsspring.boot.template;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.boot.observation.NatsObservations;
import io.natsspring.boot.observation.NatsOperation;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.util.MimeType;

/**
 * Sends messages through the application's jnats {@link Connection}: core publish, request/reply and JetStream
 * publish, with payloads converted by the {@link NatsMessageConverter} that listeners use too ({@code byte[]} and
 * {@code String} as they are, other objects as JSON by default). Every send is a Micrometer observation whose trace context travels in the
 * message headers. Thread-safe.
 */
@SuppressWarnings("try") // observation scopes are opened for their side effect
public class NatsTemplate {

    /** Header that carries the payload's media type. */
    public static final String CONTENT_TYPE = "Content-Type";

    /** Header of an error reply's code (NATS micro convention), as sent by failing {@code @NatsListener}s. */
    public static final String SERVICE_ERROR_CODE = "Nats-Service-Error-Code";

    /** Header of an error reply's description (NATS micro convention). */
    public static final String SERVICE_ERROR = "Nats-Service-Error";

    private final Connection connection;
    private final JetStream jetStream;
    private final NatsMessageConverter converter;
    private final ObservationRegistry observations;
    private final Duration defaultTimeout;
    private final PublishRetry publishRetry;

    /** A template whose JetStream publishes retry with ADR-22's defaults ({@link PublishRetry#DEFAULT}). */
    public NatsTemplate(
            Connection connection,
            JetStream jetStream,
            NatsMessageConverter converter,
            ObservationRegistry observations,
            Duration defaultTimeout) {
        this(connection, jetStream, converter, observations, defaultTimeout, PublishRetry.DEFAULT);
    }

    /**
     * @param jetStream      used by the JetStream publish methods
     * @param observations   registry of the publish observations; {@link ObservationRegistry#NOOP} records nothing
     * @param defaultTimeout timeout of requests that do not pass one
     * @param publishRetry   retries of JetStream publishes while JetStream is unavailable
     */
    public NatsTemplate(
            Connection connection,
            JetStream jetStream,
            NatsMessageConverter converter,
            ObservationRegistry observations,
            Duration defaultTimeout,
            PublishRetry publishRetry) {
        this.connection = connection;
        this.jetStream = jetStream;
        this.converter = converter;
        this.observations = observations;
        this.defaultTimeout = defaultTimeout;
        this.publishRetry = publishRetry;
    }

    // ---- core publish

    /** Publishes {@code payload} to {@code subject}. */
    public void publish(String subject, Object payload) {
        publish(subject, payload, null);
    }

    /** Publishes {@code payload} with {@code headers} (may be {@code null}) to {@code subject}. */
    public void publish(String subject, Object payload, Headers headers) {
        Message message = message(subject, payload, headers);
        NatsObservations.publish(subject, message.getHeaders(), NatsOperation.PUBLISH, observations)
                .observe(() -> connection.publish(message));
    }

    // ---- request/reply

    /** Sends a request and waits up to the default timeout for the reply message. */
    public Message request(String subject, Object payload) {
        return request(subject, payload, (Headers) null, defaultTimeout);
    }

    /**
     * Sends a request and waits up to the default timeout for the reply, converted to {@code responseType}.
     *
     * @throws NatsServiceErrorException when the responder answered with a service error (see
     *                                   {@link NatsServiceErrorException})
     */
    public <T> T request(String subject, Object payload, Class<T> responseType) {
        return request(subject, payload, responseType, defaultTimeout);
    }

    /**
     * Sends a request and waits up to {@code timeout} for the reply, converted to {@code responseType}.
     *
     * @throws NatsServiceErrorException when the responder answered with a service error
     */
    public <T> T request(String subject, Object payload, Class<T> responseType, Duration timeout) {
        return convertReply(subject, request(subject, payload, (Headers) null, timeout), responseType);
    }

    /**
     * Sends a request with {@code headers} and waits up to {@code timeout} for the reply.
     *
     * @throws NatsRequestTimeoutException when no reply arrives in time or nobody listens on the subject
     */
    public Message request(String subject, Object payload, Headers headers, Duration timeout) {
        CompletableFuture<Message> reply = requestAsync(subject, payload, headers, timeout);
        try {
            return reply.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NatsTemplateException("Interrupted while waiting for a reply on '" + subject + "'", e);
        } catch (TimeoutException | CancellationException e) {
            throw new NatsRequestTimeoutException(subject, timeout, e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause(), subject, timeout);
        }
    }

    /**
     * Sends a request; the future completes with the reply converted to {@code responseType}, or exceptionally with
     * {@link NatsServiceErrorException} when the responder answered with a service error.
     */
    public <T> CompletableFuture<T> requestAsync(String subject, Object payload, Class<T> responseType) {
        return requestAsync(subject, payload, (Headers) null, defaultTimeout)
                .thenApply(reply -> convertReply(subject, reply, responseType));
    }

    /**
     * Sends a request; the future completes with the reply, or exceptionally with
     * {@link NatsRequestTimeoutException} when none arrives within {@code timeout}.
     */
    public CompletableFuture<Message> requestAsync(String subject, Object payload, Headers headers, Duration timeout) {
        Message message = message(subject, payload, headers);
        Observation observation = NatsObservations.publish(
                        subject, message.getHeaders(), NatsOperation.REQUEST, observations)
                .start();
        CompletableFuture<Message> reply;
        try (Observation.Scope scope = observation.openScope()) {
            reply = connection.requestWithTimeout(message, timeout);
        } catch (RuntimeException e) {
            observation.error(e);
            observation.stop();
            throw e;
        }
        CompletableFuture<Message> result = new CompletableFuture<>();
        reply.whenComplete((m, ex) -> {
            if (ex == null) {
                observation.stop();
                result.complete(m);
            } else {
                RuntimeException failure = unwrap(ex, subject, timeout);
                observation.error(failure);
                observation.stop();
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    // ---- JetStream publish

    /** Publishes to a stream and waits for its acknowledgement. */
    public PublishAck jetStreamPublish(String subject, Object payload) {
        return jetStreamPublish(subject, payload, null, null);
    }

    /** Publishes to a stream with a message id (deduplicated by the stream within its duplicate window). */
    public PublishAck jetStreamPublish(String subject, Object payload, String messageId) {
        return jetStreamPublish(
                subject,
                payload,
                null,
                PublishOptions.builder().messageId(messageId).build());
    }

    /**
     * Publishes to a stream with headers and options (message id, expected stream, expected last sequence or
     * message id...) and waits for the acknowledgement. While JetStream is unavailable (no responders, or
     * "temporarily unavailable") the publish is retried as the template's {@link PublishRetry} allows.
     *
     * @throws NatsUnavailableException when JetStream stayed unavailable through every attempt, or did not answer in
     *                                  time (the exception names the attempts and carries the last cause)
     * @throws NatsTemplateException    when the stream refuses the message (the cause carries the API error code)
     */
    public PublishAck jetStreamPublish(String subject, Object payload, Headers headers, PublishOptions options) {
        Message message = message(subject, payload, headers);
        Observation observation = NatsObservations.publish(
                        subject, message.getHeaders(), NatsOperation.JETSTREAM_PUBLISH, observations)
                .start();
        long start = System.nanoTime();
        try (Observation.Scope scope = observation.openScope()) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return options == null ? jetStream.publish(message) : jetStream.publish(message, options);
                } catch (IOException | JetStreamApiException | RuntimeException e) {
                    if (!JetStreamAvailability.isRetryable(e) || attempt >= publishRetry.maxAttempts()) {
                        throw publishFailure(subject, attempt, start, e);
                    }
                    sleep(publishRetry.waitAfter(attempt), subject, e);
                }
            }
        } catch (RuntimeException e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    /**
     * Publishes to a stream without waiting; the future completes with the acknowledgement, or exceptionally with
     * {@link NatsUnavailableException} when JetStream stayed unavailable through every attempt of the template's
     * {@link PublishRetry}. Other failures complete it with the jnats exception.
     */
    public CompletableFuture<PublishAck> jetStreamPublishAsync(
            String subject, Object payload, Headers headers, PublishOptions options) {
        Message message = message(subject, payload, headers);
        Observation observation = NatsObservations.publish(
                        subject, message.getHeaders(), NatsOperation.JETSTREAM_PUBLISH, observations)
                .start();
        CompletableFuture<PublishAck> ack;
        try (Observation.Scope scope = observation.openScope()) {
            ack = options == null ? jetStream.publishAsync(message) : jetStream.publishAsync(message, options);
        } catch (RuntimeException e) {
            observation.error(e);
            observation.stop();
            throw e;
        }
        return retryAsync(ack, subject, message, options, 1, System.nanoTime()).whenComplete((a, ex) -> {
            if (ex != null) {
                observation.error(ex);
            }
            observation.stop();
        });
    }

    private CompletableFuture<PublishAck> retryAsync(
            CompletableFuture<PublishAck> ack,
            String subject,
            Message message,
            PublishOptions options,
            int attempt,
            long start) {
        return ack.handle((a, ex) -> {
                    if (ex == null) {
                        return CompletableFuture.completedFuture(a);
                    }
                    Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                    if (!JetStreamAvailability.isRetryable(cause)) {
                        return CompletableFuture.<PublishAck>failedFuture(cause);
                    }
                    if (attempt >= publishRetry.maxAttempts()) {
                        return CompletableFuture.<PublishAck>failedFuture(
                                publishFailure(subject, attempt, start, cause));
                    }
                    Duration wait = publishRetry.waitAfter(attempt);
                    return CompletableFuture.supplyAsync(
                                    () -> null, CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS))
                            .thenCompose(ignored -> retryAsync(
                                    options == null
                                            ? jetStream.publishAsync(message)
                                            : jetStream.publishAsync(message, options),
                                    subject,
                                    message,
                                    options,
                                    attempt + 1,
                                    start));
                })
                .thenCompose(f -> f);
    }

    private static NatsTemplateException publishFailure(String subject, int attempts, long start, Throwable e) {
        if (JetStreamAvailability.isUnavailable(e)) {
            return new NatsUnavailableException(subject, attempts, Duration.ofNanos(System.nanoTime() - start), e);
        }
        return new NatsTemplateException("JetStream publish to '" + subject + "' failed: " + e.getMessage(), e);
    }

    private static void sleep(Duration wait, String subject, Exception last) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            NatsTemplateException interrupted = new NatsTemplateException(
                    "Interrupted while waiting to retry the" + " JetStream publish to '" + subject + "'", e);
            interrupted.addSuppressed(last);
            throw interrupted;
        }
    }

    // ---- conversion and access

    /**
     * The message's payload as {@code type}, by this template's converter (reading the message's
     * {@code Content-Type} header); {@code Message} returns the message itself.
     */
    public <T> T convert(Message message, Class<T> type) {
        return type.cast(convert(message, (Type) type));
    }

    /** The message's payload as a (possibly generic) {@code type}. */
    public Object convert(Message message, Type type) {
        if (type == Message.class) {
            return message;
        }
        String contentType =
                message.getHeaders() == null ? null : message.getHeaders().getFirst(CONTENT_TYPE);
        byte[] data = message.getData() == null ? new byte[0] : message.getData();
        return converter.fromPayload(data, type, contentType == null ? null : MimeType.valueOf(contentType));
    }

    public Connection getConnection() {
        return connection;
    }

    public NatsMessageConverter getConverter() {
        return converter;
    }

    /** A typed reply: a service error reply (micro headers) is thrown, not converted. */
    private <T> T convertReply(String subject, Message reply, Class<T> responseType) {
        Headers headers = reply.getHeaders();
        String code = headers == null ? null : headers.getFirst(SERVICE_ERROR_CODE);
        if (code != null && responseType != Message.class) {
            int parsed;
            try {
                parsed = Integer.parseInt(code.trim());
            } catch (NumberFormatException e) {
                parsed = 500;
            }
            throw new NatsServiceErrorException(subject, parsed, headers.getFirst(SERVICE_ERROR));
        }
        return convert(reply, responseType);
    }

    private Message message(String subject, Object payload, Headers headers) {
        Headers h = headers == null ? new Headers() : new Headers(headers);
        byte[] data = payload == null ? new byte[0] : converter.toPayload(payload, h);
        return NatsMessage.builder().subject(subject).headers(h).data(data).build();
    }

    private static RuntimeException unwrap(Throwable ex, String subject, Duration timeout) {
        Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof CancellationException || cause instanceof TimeoutException) {
            return new NatsRequestTimeoutException(subject, timeout, cause);
        }
        if (cause instanceof NatsTemplateException nte) {
            return nte;
        }
        return new NatsTemplateException("Request on '" + subject + "' failed: " + cause.getMessage(), cause);
    }
}
