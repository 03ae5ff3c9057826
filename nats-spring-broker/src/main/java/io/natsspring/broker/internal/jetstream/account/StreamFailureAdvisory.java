package io.natsspring.broker.internal.jetstream.account;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import java.security.SecureRandom;
import tools.jackson.databind.node.ObjectNode;

/**
 * The advisory published when a stream fails ({@code nats-server} has no equivalent; it is shaped like its
 * advisories): subject {@value #SUBJECT}{@code .<stream>}, type {@value #TYPE}, with the stream, the error and
 * the action taken: {@code restarted} (from its store) or {@code offline} (failed for good).
 */
final class StreamFailureAdvisory {

    static final String SUBJECT = "$JS.EVENT.ADVISORY.STREAM.FAILED";
    static final String TYPE = "io.natsspring.jetstream.advisory.v1.stream_failed";
    private static final char[] ID_CHARS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InternalPublisher publisher;

    StreamFailureAdvisory(InternalPublisher publisher) {
        this.publisher = publisher;
    }

    void publish(String stream, String error, String action) {
        String subject = SUBJECT + "." + stream;
        if (!publisher.hasInterest(subject)) {
            return;
        }
        ObjectNode o = ApiJson.object();
        o.put("type", TYPE);
        o.put("id", randomId());
        o.put("timestamp", ApiTime.format(ApiTime.nowNanos()));
        o.put("stream", stream);
        o.put("error", error);
        o.put("action", action);
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }

    private static String randomId() {
        char[] c = new char[22];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        }
        return new String(c);
    }
}
