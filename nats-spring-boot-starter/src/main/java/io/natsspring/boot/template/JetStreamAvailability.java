package io.natsspring.boot.template;

import io.nats.client.JetStreamApiException;
import io.nats.client.support.Status;
import java.io.IOException;

/**
 * Tells the jnats exceptions that mean "JetStream is not available right now" from those that mean "the server
 * refused this message": no responders on the subject (503: no stream captures it, JetStream is off, or a clustered
 * stream has no leader) and "JetStream system temporarily unavailable" (10008) are worth a retry; any other
 * {@link IOException} (a timeout, a connection problem) is unavailability too, but the message may have been
 * stored, so it is not retried automatically.
 */
public final class JetStreamAvailability {

    /** API error code of "JetStream system temporarily unavailable". */
    public static final int TEMPORARILY_UNAVAILABLE = 10008;

    private JetStreamAvailability() {}

    /** Whether a publish that failed with {@code failure} can be sent again safely, because the server refused it. */
    public static boolean isRetryable(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof JetStreamApiException api && api.getApiErrorCode() == TEMPORARILY_UNAVAILABLE) {
                return true;
            }
            if (c instanceof IOException
                    && c.getMessage() != null
                    && c.getMessage().contains(Status.NO_RESPONDERS_TEXT)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code failure} (or one of its causes) says JetStream or the connection is unavailable. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof NatsUnavailableException || c instanceof IOException || isRetryable(c)) {
                return true;
            }
        }
        return false;
    }
}
