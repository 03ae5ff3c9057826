/**
 * Message tracing as {@code nats-server} 2.11+ does it (ADR-41): a published message carrying
 * {@code Nats-Trace-Dest} (or a sampled W3C {@code traceparent} in an account with {@code msg_trace}) produces one
 * JSON event describing its path through this server (ingress, subject mapping, stream export, JetStream,
 * egresses), published to the trace destination. Depends on nothing of the broker but {@code time}.
 */
package io.natsspring.broker.internal.trace;
