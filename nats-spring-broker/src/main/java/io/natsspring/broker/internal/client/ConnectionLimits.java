package io.natsspring.broker.internal.client;

import java.time.Duration;

/** Per-connection limits and timers, taken from the broker options. */
public record ConnectionLimits(
        int maxPayload,
        int maxControlLine,
        Duration pingInterval,
        int maxPingsOut,
        Duration writeDeadline,
        long maxPending,
        Duration authTimeout) {}
