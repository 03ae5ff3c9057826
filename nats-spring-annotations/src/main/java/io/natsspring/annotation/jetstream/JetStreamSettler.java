package io.natsspring.annotation.jetstream;

import java.time.Duration;

import io.nats.client.Message;
import io.natsspring.annotation.AckMode;
import io.natsspring.annotation.metrics.ListenerOutcome;
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

    /**
     * @param maxDeliver the consumer's maximum deliveries, {@code <= 0} for unlimited
     * @param deadLetterHandler where given-up messages go, or null to only terminate them
     */
    public JetStreamSettler(String listenerId, AckMode ackMode, boolean ordered, RetryPolicy retryPolicy,
            NonRetryableClassifier classifier, long maxDeliver, @Nullable DeadLetterHandler deadLetterHandler) {
        this.listenerId = listenerId;
        this.ackMode = ackMode;
        this.ordered = ordered;
        this.retryPolicy = retryPolicy;
        this.classifier = classifier;
        this.maxDeliver = maxDeliver;
        this.deadLetterHandler = deadLetterHandler;
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
        if (deadLetterHandler != null) {
            try {
                deadLetterHandler.handle(new FailedMessage(listenerId, message, reason, failure));
            }
            catch (Exception ex) {
                LOG.error("Listener '" + listenerId + "' could not dead-letter a message from '" + message.getSubject()
                        + "' (" + reason + "); nak'ing it instead", ex);
                acknowledgment.nak(Duration.ZERO);
                return ListenerOutcome.FAILURE;
            }
        }
        else {
            LOG.warn("Listener '" + listenerId + "' terminates a message from '" + message.getSubject() + "' ("
                    + reason + ") and no dead-letter route is configured");
        }
        acknowledgment.term(reason + ": " + DeadLetterPublisher.rootCause(failure).getClass().getSimpleName());
        return ListenerOutcome.TERM;
    }
}
