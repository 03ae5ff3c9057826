/**
 * Per-listener metrics: a small recorder interface with a no-op default and a Micrometer implementation used when
 * Micrometer and a {@code MeterRegistry} bean are present.
 */
@NullMarked
package io.natsspring.annotation.metrics;

import org.jspecify.annotations.NullMarked;
