/**
 * A choreography saga on NATS JetStream: the order, payment, inventory and notification services react to each
 * other's events (no orchestrator), with a refund as the compensation when stock runs out. Each service lives in its
 * own package and talks to the others only through the events of {@link io.natsspring.sample.saga.event}.
 */
package io.natsspring.sample.saga;
