package io.natsspring.annotation.jetstream;

import io.nats.client.Message;
import io.natsspring.annotation.AckMode;
import io.natsspring.annotation.metrics.ListenerMetrics.ListenerMeters;
import io.natsspring.annotation.metrics.ListenerOutcome;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Applies the ack semantics after a handler ran (the table in {@code docs/listeners.md}):
 * <ul>
 * <li>success: ack (AUTO mode, unless the handler settled);</li>
 * <li>non-retryable failure: dead-letter (when a route exists), then {@code +TERM};</li>
 * <li>failure on the last allowed delivery: dead-letter (when a route exists), then {@code +TERM};</li>
 * <li>other failure: nak with the retry policy's delay (the consumer's backoff by default).</li>
 * </ul>
 * A handler that already settled through its {@link Acknowledgment} is left alone. Ordered consumers never ack.
 * Every message given up on is logged at WARN (subject, stream sequence, deliveries, listener, reason, cause) and
 * counted ({@link ListenerMeters#givenUp}).
 */
public final class JetStreamSettler {

    private static final Log LOG = LogFactory.getLog(JetStreamSettler.class);

    private final String listenerId;
    private final AckMode ackMode;
    private final boolean ordered;
    private final RetryPolicy retryPolicy;
    private final NonRetryableClassifier classifier;
    private final long maxDeliver;
    private final @Nullable DeadLetterHandler deadLetterHandler;
    private final ListenerMeters meters;

    /**
     * @param maxDeliver the consumer's maximum deliveries, {@code <= 0} for unlimited
     * @param deadLetterHandler where given-up messages go, or null to only terminate them
     * @param meters counts given-up and dead-lettered messages
     */
    public JetStreamSettler(
            String listenerId,
            AckMode ackMode,
            boolean ordered,
            RetryPolicy retryPolicy,
            NonRetryableClassifier classifier,
            long maxDeliver,
            @Nullable DeadLetterHandler deadLetterHandler,
            ListenerMeters meters) {
        this.listenerId = listenerId;
        this.ackMode = ackMode;
        this.ordered = ordered;
        this.retryPolicy = retryPolicy;
        this.classifier = classifier;
        this.maxDeliver = maxDeliver;
        this.deadLetterHandler = deadLetterHandler;
        this.meters = meters;
    }

    /**
     * Settles {@code message} after its handler returned ({@code failure == null}) or failed.
     *
     * @return the outcome to record
     */
    public ListenerOutcome settle(Message message, Acknowledgment acknowledgment, @Nullable Throwable failure) {
        if (ordered) {
            return failure == null ? ListenerOutcome.SUCCESS : ListenerOutcome.FAILURE;
        }
        if (failure == null) {
            if (ackMode == AckMode.AUTO) {
                acknowledgment.ack();
            }
            return ListenerOutcome.SUCCESS;
        }
        if (acknowledgment.isSettled()) {
            return ListenerOutcome.FAILURE;
        }
        long delivered = message.isJetStream() ? message.metaData().deliveredCount() : 1;
        if (classifier.isNonRetryable(failure)) {
            return giveUp(message, acknowledgment, failure, FailedMessage.REASON_NON_RETRYABLE);
        }
        if (maxDeliver > 0 && delivered >= maxDeliver) {
            return giveUp(message, acknowledgment, failure, FailedMessage.REASON_MAX_DELIVERIES);
        }
        acknowledgment.nak(retryPolicy.nakDelay(delivered, failure));
        return ListenerOutcome.FAILURE;
    }

    private ListenerOutcome giveUp(Message message, Acknowledgment acknowledgment, Throwable failure, String reason) {
        Throwable cause = DeadLetterPublisher.rootCause(failure);
        if (deadLetterHandler != null) {
            try {
                deadLetterHandler.handle(new FailedMessage(listenerId, message, reason, failure));
            } catch (Exception ex) {
                LOG.error(
                        "Listener '" + listenerId + "' could not dead-letter " + describe(message) + " (" + reason
                                + "); nak'ing it instead",
                        ex);
                acknowledgment.nak(Duration.ZERO);
                return ListenerOutcome.FAILURE;
            }
            LOG.warn("Listener '" + listenerId + "' gave up on " + describe(message) + " (" + reason + ") and "
                    + "dead-lettered it" + route() + "; cause: " + cause);
        } else {
            LOG.warn("Listener '" + listenerId + "' gave up on " + describe(message) + " (" + reason + ") and "
                    + "terminated it; no dead-letter route is configured; cause: " + cause);
        }
        acknowledgment.term(reason + ": " + cause.getClass().getSimpleName());
        meters.givenUp(reason, deadLetterHandler != null);
        return ListenerOutcome.TERM;
    }

    private String route() {
        return deadLetterHandler instanceof DeadLetterPublisher publisher ? " to '" + publisher.subject() + "'" : "";
    }

    private String describe(Message message) {
        StringBuilder text = new StringBuilder("a message from '")
                .append(message.getSubject())
                .append('\'');
        if (message.isJetStream()) {
            text.append(" (stream ")
                    .append(message.metaData().getStream())
                    .append(" seq ")
                    .append(message.metaData().streamSequence())
                    .append(", delivery ")
                    .append(message.metaData().deliveredCount());
            if (maxDeliver > 0) {
                text.append(" of max ").append(maxDeliver);
            }
            text.append(')');
        }
        return text.toString();
    }
}
