package io.natsspring.boot.template;

/** A {@link NatsTemplate} operation failed; the cause is the jnats exception. */
public class NatsTemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NatsTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
