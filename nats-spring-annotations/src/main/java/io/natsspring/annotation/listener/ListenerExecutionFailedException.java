package io.natsspring.annotation.listener;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/** A listener method failed; the cause is what it threw. */
public class ListenerExecutionFailedException extends MessagingException {

    private final String listenerId;

    public ListenerExecutionFailedException(String listenerId, Message<?> message, Throwable cause) {
        super(message, "Listener '" + listenerId + "' failed: " + cause, cause);
        this.listenerId = listenerId;
    }

    /** The failing container's id. */
    public String getListenerId() {
        return listenerId;
    }
}
