package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * The consumer advisories applications subscribe to: created/deleted actions, max deliveries reached (the usual
 * source of dead-letter handling), message terminated and NAKed, pause, priority group pinned/unpinned, and the
 * sampled ack metric. Shapes and subjects as {@code nats-server}'s: like it, only the priority group advisories
 * carry the {@code account}. Each carries the server's JetStream {@code domain} when one is configured, where
 * {@code nats-server} puts it.
 */
final class ConsumerAdvisories {

    static final String CREATED = "$JS.EVENT.ADVISORY.CONSUMER.CREATED";
    static final String DELETED = "$JS.EVENT.ADVISORY.CONSUMER.DELETED";
    static final String MAX_DELIVERIES = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES";
    static final String TERMINATED = "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED";
    static final String NAKED = "$JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED";
    static final String PAUSE = "$JS.EVENT.ADVISORY.CONSUMER.PAUSE";
    static final String PINNED = "$JS.EVENT.ADVISORY.CONSUMER.PINNED";
    static final String UNPINNED = "$JS.EVENT.ADVISORY.CONSUMER.UNPINNED";
    static final String ACK_METRIC = "$JS.EVENT.METRIC.CONSUMER.ACK";
    private static final String TYPE = "io.nats.jetstream.advisory.v1.";
    private static final char[] ID_CHARS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final InternalPublisher publisher;
    private final Supplier<String> account;
    private final Supplier<String> domain;

    /** @param domain the server's JetStream domain, {@code null} when none */
    ConsumerAdvisories(InternalPublisher publisher, Supplier<String> account, Supplier<String> domain) {
        this.publisher = publisher;
        this.account = account;
        this.domain = domain;
    }

    void action(String stream, String consumer, boolean created) {
        ObjectNode o = event("consumer_action");
        o.put("stream", stream);
        o.put("consumer", consumer);
        o.put("action", created ? "create" : "delete");
        putDomain(o);
        send((created ? CREATED : DELETED) + "." + stream + "." + consumer, o);
    }

    void maxDeliveries(String stream, String consumer, long streamSeq, long deliveries) {
        ObjectNode o = event("max_deliver");
        o.put("stream", stream);
        o.put("consumer", consumer);
        o.put("stream_seq", streamSeq);
        o.put("deliveries", deliveries);
        putDomain(o);
        send(MAX_DELIVERIES + "." + stream + "." + consumer, o);
    }

    void terminated(String stream, String consumer, long consumerSeq, long streamSeq, long deliveries, String reason) {
        ObjectNode o = delivery("terminated", stream, consumer, consumerSeq, streamSeq, deliveries);
        if (reason != null && !reason.isEmpty()) {
            o.put("reason", reason);
        }
        putDomain(o);
        send(TERMINATED + "." + stream + "." + consumer, o);
    }

    void naked(String stream, String consumer, long consumerSeq, long streamSeq, long deliveries) {
        ObjectNode o = delivery("nak", stream, consumer, consumerSeq, streamSeq, deliveries);
        putDomain(o);
        send(NAKED + "." + stream + "." + consumer, o);
    }

    /** {@code consumer_pause}: paused (until the time) or resumed. */
    void paused(String stream, String consumer, long untilNanos) {
        ObjectNode o = event("consumer_pause");
        o.put("stream", stream);
        o.put("consumer", consumer);
        o.put("paused", untilNanos != 0 && ApiTime.nowNanos() < untilNanos);
        o.put("pause_until", ApiTime.format(untilNanos));
        putDomain(o);
        send(PAUSE + "." + stream + "." + consumer, o);
    }

    /** {@code consumer_group_pinned}: a client of {@code group} was pinned with {@code pinId}. */
    void pinned(String stream, String consumer, String group, String pinId) {
        ObjectNode o = event("consumer_group_pinned");
        o.put("account", account.get());
        o.put("stream", stream);
        o.put("consumer", consumer);
        putDomain(o);
        o.put("group", group);
        o.put("pinned_id", pinId);
        send(PINNED + "." + stream + "." + consumer, o);
    }

    /** {@code consumer_group_unpinned}: the pin of {@code group} was lost ({@code admin} or {@code timeout}). */
    void unpinned(String stream, String consumer, String group, String reason) {
        ObjectNode o = event("consumer_group_unpinned");
        o.put("account", account.get());
        o.put("stream", stream);
        o.put("consumer", consumer);
        putDomain(o);
        o.put("group", group);
        o.put("reason", reason);
        send(UNPINNED + "." + stream + "." + consumer, o);
    }

    /** Whether someone listens to the ack metric of this consumer (to skip sampling work otherwise). */
    boolean wantsAckMetric(String stream, String consumer) {
        return publisher.hasInterest(ACK_METRIC + "." + stream + "." + consumer);
    }

    /**
     * {@code io.nats.jetstream.metric.v1.consumer_ack}: one sampled acknowledgement, {@code ackTimeNanos} after
     * its delivery.
     */
    void ackMetric(
            String stream, String consumer, long consumerSeq, long streamSeq, long ackTimeNanos, long deliveries) {
        ObjectNode o = ApiJson.object();
        o.put("type", "io.nats.jetstream.metric.v1.consumer_ack");
        o.put("id", randomId());
        o.put("timestamp", ApiTime.format(ApiTime.nowNanos()));
        o.put("stream", stream);
        o.put("consumer", consumer);
        o.put("consumer_seq", consumerSeq);
        o.put("stream_seq", streamSeq);
        o.put("ack_time", ackTimeNanos);
        o.put("deliveries", deliveries);
        putDomain(o);
        send(ACK_METRIC + "." + stream + "." + consumer, o);
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

    /** Adds {@code "domain"} when the server has one (Go's {@code omitempty}). */
    private void putDomain(ObjectNode o) {
        String d = domain.get();
        if (d != null && !d.isEmpty()) {
            o.put("domain", d);
        }
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
