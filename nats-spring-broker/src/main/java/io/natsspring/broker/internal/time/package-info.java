/**
 * Durations and time stamps exactly as Go (and so {@code nats-server}) parses and prints them: Go's
 * {@code time.ParseDuration} and {@code Duration.String()}, and RFC 3339 with nanoseconds. Depends on nothing of
 * the broker; every other broker package may use it. Internal: not part of the broker's API.
 */
package io.natsspring.broker.internal.time;
