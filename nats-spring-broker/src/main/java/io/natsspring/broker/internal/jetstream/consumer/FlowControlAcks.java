package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ack_policy: flow_control} (2.14, ADR-60): the rules a configuration must meet (push, flow control, the 1 s
 * heartbeat, {@code max_ack_pending}, no {@code ack_wait}/{@code backoff}, no {@code max_deliver}; errors
 * 10218–10222 in {@code nats-server}'s order), the defaults it forces, and reading the acknowledged position from a
 * flow-control answer ({@code Nats-Last-Stream}, {@code Nats-Last-Consumer}).
 */
public final class FlowControlAcks {

    /** The only heartbeat a flow-control-acked consumer may have (nats-server's {@code sourceHealthHB}). */
    public static final long HEARTBEAT_NANOS = 1_000_000_000L;

    /** Header of a flow-control answer: last stream sequence stored by the receiver. */
    public static final String LAST_STREAM = "Nats-Last-Stream";

    /** Header of a flow-control answer: last consumer (delivery) sequence taken by the receiver. */
    public static final String LAST_CONSUMER = "Nats-Last-Consumer";

    private FlowControlAcks() {}

    /** Checks a defaulted configuration; throws the first error as {@code nats-server} orders them. */
    static void check(ConsumerConfig c) {
        if (c.ackPolicy() != AckPolicy.FLOW_CONTROL) {
            return;
        }
        if (!c.isPush()) {
            throw JsApiError.CONSUMER_ACK_FC_REQUIRES_PUSH.exception();
        }
        if (!c.flowControl()) {
            throw JsApiError.CONSUMER_ACK_FC_REQUIRES_FC.exception();
        }
        if (c.idleHeartbeatNanos() != HEARTBEAT_NANOS) {
            throw JsApiError.STREAM_INVALID_CONFIG.exception("flow control ack policy heartbeat needs to be 1s");
        }
        if (c.maxAckPending() <= 0) {
            throw JsApiError.CONSUMER_ACK_FC_REQUIRES_MAX_ACK_PENDING.exception();
        }
        if (c.ackWaitNanos() != 0 || !c.backoffNanos().isEmpty()) {
            throw JsApiError.CONSUMER_ACK_FC_REQUIRES_NO_ACK_WAIT.exception();
        }
        if (c.maxDeliver() > 0) {
            throw JsApiError.CONSUMER_ACK_FC_REQUIRES_NO_MAX_DELIVER.exception();
        }
    }

    /** {@code c} with flow control on and the 1 s heartbeat, as nats-server forces them (pedantic is not honoured). */
    static ConsumerConfig withFlowDefaults(ConsumerConfig c) {
        if (c.flowControl() && c.idleHeartbeatNanos() == HEARTBEAT_NANOS) {
            return c;
        }
        return edit(c, t -> {
            t.put("flow_control", true);
            t.put("idle_heartbeat", HEARTBEAT_NANOS);
        });
    }

    /** A copy of {@code c} changed through its JSON form (the stored form, so nothing is lost). */
    static ConsumerConfig edit(ConsumerConfig c, Consumer<ObjectNode> change) {
        ObjectNode t = ApiJson.tree(c);
        change.accept(t);
        return ApiJson.read(ApiJson.bytes(t), ConsumerConfig.class, "ConsumerConfig");
    }

    /**
     * The position a flow-control answer acknowledges: {@code {streamSeq, consumerSeq}}, or {@code null} when the
     * answer carries no stream sequence (a plain answer only releases the stall).
     */
    static long[] acknowledged(byte[] headers) {
        if (headers == null || headers.length == 0) {
            return null;
        }
        long sseq = number(NatsHeaders.get(headers, LAST_STREAM));
        if (sseq <= 0) {
            return null;
        }
        return new long[] {sseq, Math.max(0, number(NatsHeaders.get(headers, LAST_CONSUMER)))};
    }

    private static long number(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
