package io.natsspring.boot.template;

/**
 * A request was answered with an error reply: the {@code Nats-Service-Error-Code} and {@code Nats-Service-Error}
 * headers of the NATS micro convention, which {@code @NatsListener} methods send when they fail (for example a
 * thrown {@code NatsServiceException(404, "…")}). Thrown by the typed request methods of {@link NatsTemplate}
 * instead of converting the empty error payload.
 */
public class NatsServiceErrorException extends NatsTemplateException {

    private static final long serialVersionUID = 1L;

    private final String subject;
    private final int code;
    private final String description;

    public NatsServiceErrorException(String subject, int code, String description) {
        super(
                "Request on '" + subject + "' failed with service error " + code
                        + (description == null || description.isEmpty() ? "" : ": " + description),
                null);
        this.subject = subject;
        this.code = code;
        this.description = description == null ? "" : description;
    }

    /** The request's subject. */
    public String getSubject() {
        return subject;
    }

    /** The error code, e.g. {@code 400}, {@code 404} or {@code 500}; {@code 500} when the header is not a number. */
    public int getCode() {
        return code;
    }

    /** The error description; empty when the responder sent none. */
    public String getDescription() {
        return description;
    }
}
