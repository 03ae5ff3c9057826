package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.stream.RetentionPolicy;
import tools.jackson.databind.node.ObjectNode;

/**
 * The consumers a mirror or source asks for ({@code direct} and {@code sourcing} with a stable name), as
 * {@code nats-server} 2.14+ turns them into durable ones on a work-queue or interest origin (ADR-60): the durable
 * named as asked, {@code ack_policy: flow_control}, no ack wait, no max deliver, no inactivity threshold, not
 * direct; and a returning source keeps the durable's original start.
 */
public final class SourcingConsumers {

    private SourcingConsumers() {}

    /** Whether an origin of this retention keeps a durable flow-control-acked consumer for its sources. */
    public static boolean needsDurable(RetentionPolicy retention) {
        return retention == RetentionPolicy.WORK_QUEUE || retention == RetentionPolicy.INTEREST;
    }

    /** The durable, flow-control-acked form of a direct sourcing consumer request. */
    public static ConsumerConfig durable(ConsumerConfig c) {
        String name = c.name();
        return FlowControlAcks.edit(c, t -> {
            t.remove("direct");
            t.put("durable_name", name);
            t.put("ack_policy", AckPolicy.FLOW_CONTROL.json());
            t.remove("ack_wait");
            t.remove("max_deliver");
            t.remove("inactive_threshold");
        });
    }

    /** {@code c} with the deliver policy and start of the existing durable {@code old}. */
    static ConsumerConfig keepStart(ConsumerConfig c, ConsumerConfig old) {
        if (c.deliverPolicy() == old.deliverPolicy()
                && c.optStartSeq() == old.optStartSeq()
                && c.optStartTimeNanos() == old.optStartTimeNanos()) {
            return c;
        }
        ObjectNode oldTree = ApiJson.tree(old);
        return FlowControlAcks.edit(c, t -> {
            for (String f : new String[] {"deliver_policy", "opt_start_seq", "opt_start_time"}) {
                t.remove(f);
                if (oldTree.has(f)) {
                    t.set(f, oldTree.get(f));
                }
            }
        });
    }
}
