package io.natsspring.broker.internal.jetstream.stream;

/**
 * What a stream needs to know from its consumers to apply {@code interest} and {@code workqueue} retention. The
 * consumer layer implements it and installs it with {@link Stream#setConsumerInterest}; until then a stream has
 * no consumers ({@link #NONE}).
 *
 * <p>Hook for enforcement: once every interested consumer acknowledged a message (interest) or one did
 * (workqueue), the consumer layer removes it through {@link Stream#removeAcknowledged(long)}.
 */
public interface ConsumerInterest {

    /** No consumers at all. */
    ConsumerInterest NONE = new ConsumerInterest() {
        @Override
        public int consumerCount() {
            return 0;
        }

        @Override
        public boolean hasInterest(String subject) {
            return false;
        }
    };

    /** Number of consumers on the stream (reported as {@code consumer_count}). */
    int consumerCount();

    /** True when some consumer's filter matches {@code subject}; interest streams drop messages nobody wants. */
    boolean hasInterest(String subject);

    /** Writer thread, after a batch of appends reached the store: consumers may deliver more. Must not block. */
    default void appended() {}

    /**
     * Writer thread, after messages left the store (purge, delete, limit eviction, expiry, rollup): consumers stop
     * waiting for acks of what is gone. {@code seqs} lists the removed sequences, or is empty when they are not
     * listed (a purge, or too many): then consumers check everything. Must not block.
     */
    default void removed(long[] seqs) {}
}
