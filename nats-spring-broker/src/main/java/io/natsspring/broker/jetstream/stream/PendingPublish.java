package io.natsspring.broker.jetstream.stream;

/**
 * A message published on one of a stream's subjects, copied off the publisher's buffer, waiting for the stream's
 * writer.
 *
 * @param reply   where the PubAck goes, or {@code null} (stored silently)
 * @param headers raw header block or {@code null}
 */
record PendingPublish(String subject, String reply, byte[] headers, byte[] payload) {
}
