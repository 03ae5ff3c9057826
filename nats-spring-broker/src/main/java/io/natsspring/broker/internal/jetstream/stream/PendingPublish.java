package io.natsspring.broker.internal.jetstream.stream;

/**
 * A message published on one of a stream's subjects, copied off the publisher's buffer, waiting for the stream's
 * writer.
 *
 * @param reply   where the PubAck goes, or {@code null} (stored silently)
 * @param headers raw header block or {@code null}
 */
record PendingPublish(String subject, String reply, byte[] headers, byte[] payload) {

    /** Bytes counted against the writer's ingest bound. */
    long size() {
        return subject.length()
                + (reply == null ? 0 : reply.length())
                + (headers == null ? 0 : headers.length)
                + payload.length;
    }
}
