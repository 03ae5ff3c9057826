/**
 * Startup checks of the {@code nats.*} configuration: unknown keys (with the nearest valid one) and the stream,
 * consumer and bucket declarations (each problem named by its property path), reported by a failure analyzer
 * before the broker or the connection starts.
 */
package io.natsspring.boot.autoconfigure.validation;
