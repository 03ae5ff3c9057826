/** Micrometer meters: connection statistics and consumer lag. */
package io.natsspring.boot.autoconfigure.metrics;
