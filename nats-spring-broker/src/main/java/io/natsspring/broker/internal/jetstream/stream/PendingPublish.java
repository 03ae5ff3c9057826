package io.natsspring.broker.internal.jetstream.stream;

/**
 * A message published on one of a stream's subjects, copied off the publisher's buffer, waiting for the stream's
 * writer.
 *
 * @param reply   where the PubAck goes, or {@code null} (stored silently)
 * @param headers raw header block or {@code null}
 * @param trace   the {@code js} trace event to complete, or {@code null} when the message is not traced
 */
record PendingPublish(String subject, String reply, byte[] headers, byte[] payload, StreamTrace trace) {

    /** An untraced message. */
    PendingPublish(String subject, String reply, byte[] headers, byte[] payload) {
        this(subject, reply, headers, payload, null);
    }

    /** Bytes counted against the writer's ingest bound. */
    long size() {
        return subject.length()
                + (reply == null ? 0 : reply.length())
                + (headers == null ? 0 : headers.length)
                + payload.length;
    }
}
