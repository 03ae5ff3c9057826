package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;

import io.natsspring.broker.internal.jetstream.consumer.ConsumerConfigJson;
import io.natsspring.broker.internal.jetstream.consumer.ConsumerSnapshot;
import tools.jackson.databind.node.ObjectNode;

/** Encodes a consumer's info as {@code nats-server} does ({@code ConsumerInfo}). */
final class ConsumerInfoJson {

    private ConsumerInfoJson() {
    }

    /**
     * @param leader server name reported as cluster leader, {@code null} to leave {@code cluster} out
     */
    public static ObjectNode encode(String stream, ConsumerSnapshot s, String leader) {
        ObjectNode o = ApiJson.object();
        o.put("stream_name", stream);
        o.put("name", s.name());
        o.put("created", ApiTime.format(s.createdNanos()));
        o.set("config", ConsumerConfigJson.encode(s.config()));
        sequence(o.putObject("delivered"), s.deliveredConsumerSeq(), s.deliveredStreamSeq(), s.lastDeliveredNanos());
        sequence(o.putObject("ack_floor"), s.ackFloorConsumerSeq(), s.ackFloorStreamSeq(), s.lastAckNanos());
        o.put("num_ack_pending", s.numAckPending());
        o.put("num_redelivered", s.numRedelivered());
        o.put("num_waiting", s.numWaiting());
        o.put("num_pending", s.numPending());
        if (leader != null) {
            o.putObject("cluster").put("leader", leader);
        }
        if (s.pushBound()) {
            o.put("push_bound", true);
        }
        o.put("ts", ApiTime.format(ApiTime.nowNanos()));
        return o;
    }

    private static void sequence(ObjectNode o, long consumerSeq, long streamSeq, long lastActive) {
        o.put("consumer_seq", consumerSeq);
        o.put("stream_seq", streamSeq);
        if (lastActive != 0) {
            o.put("last_active", ApiTime.format(lastActive));
        }
    }
}
