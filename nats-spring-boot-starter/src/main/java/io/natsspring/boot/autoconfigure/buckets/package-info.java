/**
 * The state of Key-Value and Object Store buckets for operations: the health details, the {@code nats} endpoint's
 * bucket list and the per-bucket gauges.
 */
package io.natsspring.boot.autoconfigure.buckets;
