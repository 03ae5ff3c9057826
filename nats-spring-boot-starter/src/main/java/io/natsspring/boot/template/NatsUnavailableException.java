package io.natsspring.boot.template;

import java.time.Duration;

/**
 * JetStream did not take a publish because it is unavailable: no responder on the subject (no stream captures it, or
 * the stream has no leader), "temporarily unavailable", or no answer in time. Names the attempts made and carries the
 * last jnats exception as its cause. An HTTP API can answer {@code 503 Service Unavailable} with {@code Retry-After}.
 */
public class NatsUnavailableException extends NatsTemplateException {

    private static final long serialVersionUID = 1L;

    private final String subject;
    private final int attempts;

    public NatsUnavailableException(String subject, int attempts, Duration elapsed, Throwable lastCause) {
        super(
                "JetStream publish to '" + subject + "' failed after " + attempts + " attempt"
                        + (attempts == 1 ? "" : "s") + " in " + elapsed.toMillis() + " ms: JetStream is unavailable ("
                        + lastCause.getMessage() + ")." + hint(lastCause, attempts),
                lastCause);
        this.subject = subject;
        this.attempts = attempts;
    }

    private static String hint(Throwable lastCause, int attempts) {
        if (JetStreamAvailability.isRetryable(lastCause)) {
            return " No stream captures the subject, JetStream is disabled, or the stream has no leader right now."
                    + (attempts == 1
                            ? " Retries are off (nats.template.publish-retry.max-attempts=1)."
                            : " Retries: nats.template.publish-retry.*.");
        }
        return " The message may have been stored; publish it again with the same message id to be safe.";
    }

    /** The subject published to. */
    public String getSubject() {
        return subject;
    }

    /** Attempts made, the first included. */
    public int getAttempts() {
        return attempts;
    }
}
