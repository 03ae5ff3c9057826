package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.node.ObjectNode;

/**
 * The consumer advisories applications subscribe to: created/deleted actions, max deliveries reached (the usual
 * source of dead-letter handling), message terminated and NAKed. Shapes and subjects as {@code nats-server}'s.
 */
final class ConsumerAdvisories {

    static final String CREATED = "$JS.EVENT.ADVISORY.CONSUMER.CREATED";
    static final String DELETED = "$JS.EVENT.ADVISORY.CONSUMER.DELETED";
    static final String MAX_DELIVERIES = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES";
    static final String TERMINATED = "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED";
    static final String NAKED = "$JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED";
    static final String PAUSE = "$JS.EVENT.ADVISORY.CONSUMER.PAUSE";
    private static final String TYPE = "io.nats.jetstream.advisory.v1.";
    private static final char[] ID_CHARS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final InternalPublisher publisher;

    ConsumerAdvisories(InternalPublisher publisher) {
        this.publisher = publisher;
    }

    void action(String stream, String consumer, boolean created) {
        ObjectNode o = event("consumer_action");
        o.put("stream", stream);
        o.put("consumer", consumer);
        o.put("action", created ? "create" : "delete");
        send((created ? CREATED : DELETED) + "." + stream + "." + consumer, o);
    }

    void maxDeliveries(String stream, String consumer, long streamSeq, long deliveries) {
        ObjectNode o = event("max_deliver");
        o.put("stream", stream);
        o.put("consumer", consumer);
        o.put("stream_seq", streamSeq);
        o.put("deliveries", deliveries);
        send(MAX_DELIVERIES + "." + stream + "." + consumer, o);
    }

    void terminated(String stream, String consumer, long consumerSeq, long streamSeq, long deliveries, String reason) {
        ObjectNode o = delivery("terminated", stream, consumer, consumerSeq, streamSeq, deliveries);
        if (reason != null && !reason.isEmpty()) {
            o.put("reason", reason);
        }
        send(TERMINATED + "." + stream + "." + consumer, o);
    }

    void naked(String stream, String consumer, long consumerSeq, long streamSeq, long deliveries) {
        send(
                NAKED + "." + stream + "." + consumer,
                delivery("nak", stream, consumer, consumerSeq, streamSeq, deliveries));
    }

    /** {@code consumer_pause}: paused (until the time) or resumed. */
    void paused(String stream, String consumer, long untilNanos) {
        ObjectNode o = event("consumer_pause");
        o.put("stream", stream);
        o.put("consumer", consumer);
        o.put("paused", untilNanos != 0 && ApiTime.nowNanos() < untilNanos);
        o.put("pause_until", ApiTime.format(untilNanos));
        send(PAUSE + "." + stream + "." + consumer, o);
    }

    private static ObjectNode delivery(
            String type, String stream, String consumer, long consumerSeq, long streamSeq, long deliveries) {
        ObjectNode o = event(type);
        o.put("stream", stream);
        o.put("consumer", consumer);
        o.put("consumer_seq", consumerSeq);
        o.put("stream_seq", streamSeq);
        o.put("deliveries", deliveries);
        return o;
    }

    private static ObjectNode event(String type) {
        ObjectNode o = ApiJson.object();
        o.put("type", TYPE + type);
        o.put("id", randomId());
        o.put("timestamp", ApiTime.format(ApiTime.nowNanos()));
        return o;
    }

    private void send(String subject, ObjectNode o) {
        if (publisher.hasInterest(subject)) {
            publisher.publishNow(subject, null, ApiJson.bytes(o));
        }
    }

    /** A random 22-character identifier, like the server's NUIDs. */
    static String randomId() {
        char[] c = new char[22];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_CHARS[ThreadLocalRandom.current().nextInt(ID_CHARS.length)];
        }
        return new String(c);
    }
}
