package io.natsspring.broker.internal.jetstream.replication;

/**
 * The delivery metadata a push consumer puts in a message's reply subject: {@code
 * $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>} or the longer form with domain and account
 * hash in front.
 *
 * @param consumer  the consumer's name
 * @param delivered delivery count
 * @param streamSeq sequence in the origin stream
 * @param deliverSeq consumer delivery sequence
 * @param timestampNanos the origin's time stamp
 * @param pending   messages left after this one
 */
record AckReply(String consumer, long delivered, long streamSeq, long deliverSeq, long timestampNanos, long pending) {

    /** Parses a reply subject; {@code null} when it is not an ack subject. */
    static AckReply parse(String reply) {
        if (reply == null || !reply.startsWith("$JS.ACK.")) {
            return null;
        }
        String[] t = reply.split("\\.", -1);
        int off;
        if (t.length == 9) {
            off = 3;
        } else if (t.length >= 11) {
            off = 5;
        } else {
            return null;
        }
        try {
            return new AckReply(
                    t[off],
                    Long.parseLong(t[off + 1]),
                    Long.parseUnsignedLong(t[off + 2]),
                    Long.parseUnsignedLong(t[off + 3]),
                    Long.parseLong(t[off + 4]),
                    Long.parseLong(t[off + 5]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
