package io.natsspring.broker.internal.client;

/**
 * How a message routed under another subject than its own (a JetStream delivery to a consumer's deliver subject)
 * crosses a link to another server, as {@code nats-server} does it: the message travels on the routing subject and
 * its own subject rides at the end of a {@code $JS.ACK.} reply after an {@code @}
 * ({@code $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<tm>.<pending>@<subject>}); the receiving server
 * splits them again before delivering to its clients. Without a reply the subject is lost, as in nats-server.
 */
public final class LinkAddressing {

    private static final String ACK_PREFIX = "$JS.ACK.";

    private LinkAddressing() {}

    /** {@code m} addressed to {@code routingSubject} for a link, its subject moved into the reply. */
    static InboundMessage forLink(String routingSubject, InboundMessage m) {
        if (routingSubject.equals(m.subject())) {
            return m;
        }
        String reply = m.reply();
        String linkReply = reply;
        if (reply != null && !reply.isEmpty() && deliverIndex(reply) < 0) {
            linkReply = reply + "@" + m.subject();
        }
        return InboundMessage.of(routingSubject, linkReply, m.headerBytes(), m.payloadBytes());
    }

    /**
     * Where the {@code @} separating an encoded {@code $JS.ACK} reply from the original subject is, {@code -1} when
     * {@code reply} is not in that form (the first {@code @} after the eight dots of the ack reply's tokens).
     */
    public static int deliverIndex(String reply) {
        if (reply == null || !reply.startsWith(ACK_PREFIX)) {
            return -1;
        }
        int dots = 0;
        for (int i = 0; i < reply.length(); i++) {
            char c = reply.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c == '@' && dots >= 8) {
                return i;
            }
        }
        return -1;
    }
}
