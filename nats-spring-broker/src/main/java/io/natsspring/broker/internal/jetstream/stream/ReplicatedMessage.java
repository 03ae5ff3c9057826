package io.natsspring.broker.internal.jetstream.stream;

/**
 * A message a stream takes from its mirror or one of its sources, queued for its writer. A mirrored message keeps
 * the origin's sequence and time stamp; a sourced one is appended like a published message (its headers already
 * carry {@code Nats-Stream-Source}).
 *
 * @param originSeq      the sequence in the origin stream
 * @param timestampNanos the origin's time stamp (mirrors only)
 * @param mirrored       {@code true} for a mirror, {@code false} for a source
 * @param outcome        told on the writer thread whether the message was stored (or was already there)
 */
public record ReplicatedMessage(
        String subject,
        byte[] headers,
        byte[] payload,
        long originSeq,
        long timestampNanos,
        boolean mirrored,
        Outcome outcome) {

    /** What became of a replicated message. */
    @FunctionalInterface
    public interface Outcome {
        /** @param stored {@code false} when the stream refused it (limits, store failure) */
        void done(boolean stored);
    }

    long size() {
        return subject.length() + (headers == null ? 0 : headers.length) + payload.length;
    }
}
