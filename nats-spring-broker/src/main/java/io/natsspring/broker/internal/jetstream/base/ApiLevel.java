package io.natsspring.broker.internal.jetstream.base;

/**
 * The JetStream API level of ADR-44 this broker implements: reported as {@code api.level} in account info and
 * checked against a request's {@code Nats-Required-Api-Level} header. Level 1 is {@code nats-server} 2.11's
 * (per-message TTL, subject delete markers, consumer pause, priority groups), level 2 is 2.12's (counters, atomic
 * batch, schedules, {@code persist_mode: async}), level 3 2.14's stream snapshot {@code window_size}, level 4 2.14's
 * fast batch publish and {@code ack_policy: flow_control} with durable sourcing, level 5 2.15's stream identity.
 * Raise it here, in one place, only when every feature of a higher level is in.
 */
public final class ApiLevel {

    /** The level implemented. */
    public static final int LEVEL = 5;

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
