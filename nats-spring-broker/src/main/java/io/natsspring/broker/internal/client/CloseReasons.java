package io.natsspring.broker.internal.client;

import java.util.Map;

/** Why a connection closed, in {@code nats-server}'s words (its {@code ClosedState} texts). */
public final class CloseReasons {

    public static final String CLIENT_CLOSED = "Client Closed";
    public static final String AUTHENTICATION_TIMEOUT = "Authentication Timeout";
    public static final String AUTHENTICATION_FAILURE = "Authentication Failure";
    public static final String SLOW_CONSUMER_PENDING_BYTES = "Slow Consumer (Pending Bytes)";
    public static final String SLOW_CONSUMER_WRITE_DEADLINE = "Slow Consumer (Write Deadline)";
    public static final String READ_ERROR = "Read Error";
    public static final String PARSE_ERROR = "Parse Error";
    public static final String STALE_CONNECTION = "Stale Connection";
    public static final String PROTOCOL_VIOLATION = "Protocol Violation";
    public static final String SERVER_SHUTDOWN = "Server Shutdown";
    public static final String KICKED = "Kicked";
    public static final String MAX_SUBSCRIPTIONS_EXCEEDED = "Maximum Subscriptions Exceeded";

    private static final Map<String, String> BY_ERROR = Map.of(
            "Authorization Violation", AUTHENTICATION_FAILURE,
            "Authentication Timeout", AUTHENTICATION_TIMEOUT,
            "maximum connections exceeded", "Maximum Connections Exceeded",
            "maximum account active connections exceeded", "Maximum Account Connections Exceeded",
            "Stale Connection", STALE_CONNECTION,
            "Maximum Payload Violation", "Maximum Message Payload Exceeded",
            "maximum control line exceeded", "Maximum Control Line Exceeded",
            "Unknown Protocol Operation", PARSE_ERROR,
            "invalid client protocol", "Bad Client Protocol Version",
            "no responders requires headers support", "No Responders Requires Headers");

    private CloseReasons() {}

    /** The reason for a connection closed after {@code -ERR 'text'}. */
    static String forError(String text) {
        return BY_ERROR.getOrDefault(text, PROTOCOL_VIOLATION);
    }
}
