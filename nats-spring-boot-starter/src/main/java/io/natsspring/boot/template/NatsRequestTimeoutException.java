package io.natsspring.boot.template;

import java.time.Duration;

/** A request got no reply in time, or nobody listens on its subject (no responders). */
public class NatsRequestTimeoutException extends NatsTemplateException {

    private static final long serialVersionUID = 1L;

    public NatsRequestTimeoutException(String subject, Duration timeout, Throwable cause) {
        super("No reply to request on '" + subject + "' within " + timeout + " (timed out, or no responders)", cause);
    }
}
