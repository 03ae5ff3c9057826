package io.natsspring.broker.internal.jetstream.consumer;

import java.nio.charset.StandardCharsets;

/** The header-only status messages consumers send, byte for byte as {@code nats-server} writes them. */
final class StatusMessages {

    static final String PENDING_MESSAGES = "Nats-Pending-Messages";
    static final String PENDING_BYTES = "Nats-Pending-Bytes";
    static final String LAST_CONSUMER = "Nats-Last-Consumer";
    static final String LAST_STREAM = "Nats-Last-Stream";
    static final String CONSUMER_STALLED = "Nats-Consumer-Stalled";

    private StatusMessages() {}

    /** {@code NATS/1.0 <code> <description>} with no further headers. */
    static byte[] plain(int code, String description) {
        return ascii("NATS/1.0 " + code + " " + description + "\r\n\r\n");
    }

    /** A status ending a pull request, with what the request still wanted. */
    static byte[] withPending(int code, String description, long messages, long bytes) {
        return ascii("NATS/1.0 " + code + " " + description + "\r\n" + PENDING_MESSAGES + ": " + messages + "\r\n"
                + PENDING_BYTES + ": " + bytes + "\r\n\r\n");
    }

    static byte[] requestTimeout(PullRequest r) {
        return withPending(408, "Request Timeout", r.batch, r.maxBytes);
    }

    /** {@code 100 Idle Heartbeat} with the last delivered sequences and, when stalled, the flow-control subject. */
    static byte[] idleHeartbeat(long lastConsumerSeq, long lastStreamSeq, String stalledOn) {
        StringBuilder b = new StringBuilder(128);
        b.append("NATS/1.0 100 Idle Heartbeat\r\n")
                .append(LAST_CONSUMER)
                .append(": ")
                .append(lastConsumerSeq)
                .append("\r\n")
                .append(LAST_STREAM)
                .append(": ")
                .append(lastStreamSeq)
                .append("\r\n");
        if (stalledOn != null) {
            b.append(CONSUMER_STALLED).append(": ").append(stalledOn).append("\r\n");
        }
        return ascii(b.append("\r\n").toString());
    }

    static byte[] flowControlRequest() {
        return ascii("NATS/1.0 100 FlowControl Request\r\n\r\n");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
