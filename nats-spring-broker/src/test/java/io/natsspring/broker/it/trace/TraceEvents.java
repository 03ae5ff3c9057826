package io.natsspring.broker.it.trace;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reading trace events for the differential tests: ids, timestamps and the server identity normalised. */
final class TraceEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TraceEvents() {}

    /** Publishes {@code body} on {@code subject} with the header pairs {@code headers}, reply {@code reply}. */
    static void publish(Connection c, String subject, String reply, String body, String... headers) throws Exception {
        Headers h = new Headers();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        c.publish(NatsMessage.builder()
                .subject(subject)
                .replyTo(reply)
                .headers(h)
                .data(body.getBytes(StandardCharsets.UTF_8))
                .build());
        c.flush(Duration.ofSeconds(3));
    }

    /** What {@code s} received within a short while: subject, body and headers of each. */
    static String received(Subscription s) throws InterruptedException {
        List<String> got = new ArrayList<>();
        Message m;
        while ((m = s.nextMessage(Duration.ofMillis(150))) != null) {
            got.add(m.getSubject() + ":" + new String(m.getData(), StandardCharsets.UTF_8)
                    + (m.getHeaders() == null ? "" : " " + m.getHeaders().entrySet()));
        }
        return got.toString();
    }

    /** The next trace event on {@code s}, normalised, or {@code none}. */
    static String next(Subscription s, Duration wait) throws Exception {
        Message m = s.nextMessage(wait);
        return m == null ? "none" : normalise(m);
    }

    /** A trace event with ids, timestamps and the server identity (its keys only) normalised. */
    static String normalise(Message m) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(m.getData());
        ObjectNode server = (ObjectNode) root.get("server");
        List<String> keys = new ArrayList<>();
        // feature_flags: nats-server 2.12+ adds them to every system message; cluster: nats-server names a leaf
        // server's implicit cluster after the server (not in this broker's server identity yet); neither is traced
        server.propertyNames().forEach(k -> {
            if (!k.equals("feature_flags") && !k.equals("cluster")) {
                keys.add(k);
            }
        });
        String name = server.get("name").asString();
        // a server without server_name is named by its id
        root.put("server", (name.equals(server.get("id").asString()) ? "<id>" : name) + ":" + String.join(",", keys));
        for (JsonNode e : root.get("events")) {
            ObjectNode o = (ObjectNode) e;
            o.put("ts", o.get("ts").asString().isEmpty() ? "" : "<ts>");
            if (o.has("cid")) {
                o.put("cid", o.get("cid").asLong() > 0 ? "<cid>" : "0");
            }
        }
        return JSON.writeValueAsString(root)
                + (m.getHeaders() == null ? "" : " headers " + m.getHeaders().entrySet());
    }
}
