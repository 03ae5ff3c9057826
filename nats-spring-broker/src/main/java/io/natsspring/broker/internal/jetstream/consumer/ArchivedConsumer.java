package io.natsspring.broker.internal.jetstream.consumer;

/**
 * A durable consumer as a stream snapshot carries it: its configuration, creation time and delivery state (the
 * bytes of its {@code state.json}: delivered and ack floor sequences, pending deliveries, delivery counts).
 */
public record ArchivedConsumer(ConsumerConfig config, long createdNanos, byte[] state) {}
