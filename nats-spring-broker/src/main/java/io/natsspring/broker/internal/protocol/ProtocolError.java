package io.natsspring.broker.internal.protocol;

/**
 * Client protocol violations that end a connection, with the {@code -ERR} text {@code nats-server} sends for
 * each.
 */
public enum ProtocolError {
    /** An unknown verb, malformed arguments or broken framing. */
    UNKNOWN_OPERATION("Unknown Protocol Operation"),
    /** A control line longer than {@code max_control_line}. */
    MAX_CONTROL_LINE_EXCEEDED("maximum control line exceeded"),
    /** A PUB/HPUB announcing more than {@code max_payload} bytes. */
    MAX_PAYLOAD_VIOLATION("Maximum Payload Violation"),
    /**
     * Arguments of the wrong number or form (SUB, UNSUB, PUB, HPUB, CONNECT, INFO): nats-server closes the
     * connection without {@code -ERR} (close reason "Read Error").
     */
    BAD_ARGUMENTS(null),
    /** The client sent {@code -ERR}: nats-server closes the connection without an answer ("Parse Error"). */
    CLIENT_ERROR(null);

    private final String errText;

    ProtocolError(String errText) {
        this.errText = errText;
    }

    /** The text inside {@code -ERR '…'}; {@code null} when the connection closes without {@code -ERR}. */
    public String errText() {
        return errText;
    }
}
