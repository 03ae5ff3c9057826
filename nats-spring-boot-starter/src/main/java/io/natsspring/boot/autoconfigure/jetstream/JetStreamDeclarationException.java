package io.natsspring.boot.autoconfigure.jetstream;

/**
 * A declared stream, consumer or bucket could not be created or brought in line with its declaration. The message
 * names the resource, the fields that differ and the server's reason.
 */
public class JetStreamDeclarationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JetStreamDeclarationException(String message, Throwable cause) {
        super(message, cause);
    }
}
