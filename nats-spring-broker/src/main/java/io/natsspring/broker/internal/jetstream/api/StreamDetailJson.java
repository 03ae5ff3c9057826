package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.consumer.ConsumerSnapshot;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /jsz}'s {@code stream_detail} entries as {@code nats-server} writes them: name, created, cluster leader,
 * {@code config} (with {@code config=true}), state, {@code consumer_detail} (with {@code consumers=true}; consumer
 * configs only with {@code config=true}), mirror and sources.
 */
public final class StreamDetailJson {

    private StreamDetailJson() {}

    /** The stream details of one account's streams, by name. */
    public static ArrayNode of(StreamRegistry registry, String leader, boolean consumers, boolean config) {
        ArrayNode out = ApiJson.object().arrayNode();
        for (Stream s : registry.streams()) {
            StreamInfoJson.Info info = StreamInfoJson.of(s, leader, false, null);
            ObjectNode d = ApiJson.object();
            d.put("name", s.name());
            ObjectNode tree = ApiJson.tree(info);
            d.set("created", tree.get("created"));
            if (tree.has("cluster")) {
                d.set("cluster", tree.get("cluster"));
            }
            if (config) {
                d.set("config", tree.get("config"));
            }
            d.set("state", tree.get("state"));
            if (consumers) {
                ArrayNode list = d.arrayNode();
                for (ConsumerSnapshot c : consumerInfos(registry, s.name())) {
                    ObjectNode ci = ApiJson.tree(ConsumerInfoJson.of(s.name(), c, null));
                    if (!config) {
                        ci.remove("config");
                    }
                    list.add(ci);
                }
                if (!list.isEmpty()) {
                    d.set("consumer_detail", list);
                }
            }
            if (tree.has("mirror")) {
                d.set("mirror", tree.get("mirror"));
            }
            if (tree.has("sources")) {
                d.set("sources", tree.get("sources"));
            }
            out.add(d);
        }
        return out;
    }

    private static List<ConsumerSnapshot> consumerInfos(StreamRegistry registry, String stream) {
        try {
            return registry.consumers(stream).infos().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ArrayList<>();
        } catch (Exception e) {
            return new ArrayList<>();
        }
    }
}
