package io.natsspring.broker.internal.jetstream.base;

/**
 * The JetStream API level of ADR-44 this broker implements: reported as {@code api.level} in account info and
 * checked against a request's {@code Nats-Required-Api-Level} header. Level 1 is {@code nats-server} 2.11's
 * (per-message TTL, subject delete markers, consumer pause); raise it here, in one place, when the features of a
 * higher level are in.
 */
public final class ApiLevel {

    /** The level implemented. */
    public static final int LEVEL = 1;

    /** Request header naming the lowest level the requester accepts. */
    public static final String REQUIRED_HEADER = "Nats-Required-Api-Level";

    private ApiLevel() {}

    /**
     * True when a request whose {@code Nats-Required-Api-Level} header says {@code required} must be refused: the
     * value is not an integer (Go's {@code strconv.Atoi}) or asks for more than {@link #LEVEL}.
     */
    public static boolean refuses(String required) {
        if (required == null || required.isEmpty()) {
            return false;
        }
        try {
            return Integer.parseInt(required) > LEVEL;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
