package io.natsspring.boot.autoconfigure.broker;

/**
 * The embedded broker's configuration ({@code nats.broker.*}, or the file of {@code nats.broker.config-file}) can not
 * be applied; the message names the property (and for the file: file, line and key).
 */
public class EmbeddedBrokerConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;

    /**
     * @param property the property path the problem is about, e.g. {@code nats.broker.app-user}
     * @param message  what is wrong, starting with the property
     */
    public EmbeddedBrokerConfigurationException(String property, String message, Throwable cause) {
        super(message, cause);
        this.property = property;
    }

    /** The property the problem is about. */
    public String getProperty() {
        return property;
    }
}
