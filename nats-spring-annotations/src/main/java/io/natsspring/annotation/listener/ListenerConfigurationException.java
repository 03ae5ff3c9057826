package io.natsspring.annotation.listener;

/**
 * A JetStream listener can not run as configured: its stream is missing, the consumer it should bind to is missing,
 * or the consumer exists with a configuration its annotation contradicts. The message names the listener, the
 * places involved and the fix. Fails startup.
 */
public class ListenerConfigurationException extends IllegalStateException {

    private final String listenerId;

    public ListenerConfigurationException(String listenerId, String message) {
        super(message);
        this.listenerId = listenerId;
    }

    /** The listener id. */
    public String getListenerId() {
        return listenerId;
    }
}
