package io.natsspring.broker.it.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.it.ConfigDifferential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Service imports on this broker and on {@code nats-server} 2.15.1 with the same configuration: the
 * {@code Nats-Request-Info} header the exporting account's responder receives (keys, order and the values that do
 * not differ by nature), a fast batch ({@code .$FI} reply) through a service import into a stream, and message
 * tracing across imports ({@code si} events, {@code Nats-Trace-Only}, {@code allow_trace} on a service export and on
 * a stream import).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceImportDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CONFIG = """
            server_name: svcimport
            jetstream { store_dir: "%s" }
            accounts {
              A {
                jetstream: enabled
                users [ { user: a, password: a } ]
                exports [
                  { service: "plain.>" }
                  { service: "shared.>" }
                  { service: "chain.>" }
                  { service: "fb.>" }
                  { service: "traced.>", allow_trace: true }
                  { stream: "ev.>" }
                  { stream: "evt.>" }
                ]
              }
              B {
                users [ { user: b, password: b } ]
                exports [ { service: "chain.>" } ]
                imports [
                  { service: { account: A, subject: "plain.>" } }
                  { service: { account: A, subject: "shared.>" }, share: true }
                  { service: { account: A, subject: "chain.>" }, share: true }
                  { service: { account: A, subject: "fb.>" } }
                  { service: { account: A, subject: "traced.>" } }
                  { stream: { account: A, subject: "ev.>" } }
                  { stream: { account: A, subject: "evt.>" }, allow_trace: true }
                ]
              }
              C {
                users [ { user: c, password: c } ]
                imports [ { service: { account: B, subject: "chain.>" } } ]
              }
            }
            """;

    /** Keys whose values differ by nature between two servers and runs. */
    private static final List<String> VOLATILE = List.of("start", "host", "id");

    @TempDir
    Path dir;

    @Test
    void serviceImportsMatchNatsServer() throws Exception {
        Map<String, List<String>> seen =
                ConfigDifferential.observe(dir, store -> CONFIG.formatted(store), url -> observe(url));
        if (Boolean.getBoolean("serviceimport.print")) {
            seen.forEach((k, v) -> v.forEach(line -> System.out.println(k + " | " + line)));
        }
        List<String> expected = seen.getOrDefault("nats-server", seen.get("broker"));
        List<String> actual = seen.get("broker");
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("observation %d of %s", i, seen).isEqualTo(expected.get(i));
        }
        assertThat(actual).hasSameSizeAs(expected);
    }

    private List<String> observe(String url) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection a = connect(url, "a");
                Connection b = connect(url, "b");
                Connection c = connect(url, "c")) {
            Subscription responder = a.subscribe(">");
            a.flush(Duration.ofSeconds(3));

            publish(b, "plain.1", "reply.1", null);
            out.add("not shared: " + received(responder));
            publish(b, "shared.1", "reply.1", null);
            out.add("shared: " + received(responder));
            publish(
                    b,
                    "shared.2",
                    null,
                    new Headers()
                            .add("Foo", "bar")
                            .add("Nats-Request-Info", "{\"acc\":\"X\"}")
                            .add("Zed", "1"));
            out.add("replaced, no reply: " + received(responder));
            publish(c, "chain.1", "reply.1", null);
            out.add("chained: " + received(responder));
            publish(b, "plain.fast", "fbr.x.b1.10.fail.1.0.$FI", null);
            out.add("fast-batch reply, not shared: " + received(responder));
            publish(b, "shared.fast", "fbr.x.b1.10.fail.1.0.$FI", null);
            out.add("fast-batch reply, shared: " + received(responder));
            publish(a, "plain.local", "reply.1", null);
            out.add("in the exporting account: " + received(responder));

            // traced requests through the imports
            Subscription bTrace = b.subscribe("trace.b");
            b.flush(Duration.ofSeconds(3));
            publish(b, "plain.t", "reply.t", traced("trace.b", null));
            out.add("traced, no allow_trace: " + event(bTrace));
            out.add("traced, no allow_trace, delivered: " + received(responder));
            publish(b, "plain.t", "reply.t", traced("trace.b", "true"));
            out.add("trace-only, no allow_trace: " + event(bTrace));
            out.add("trace-only, no allow_trace, delivered: " + received(responder));
            publish(b, "traced.t", "reply.t", traced("trace.b", null));
            out.add("traced, allow_trace: " + event(bTrace));
            out.add("traced, allow_trace, delivered: " + received(responder));
            publish(b, "traced.t", "reply.t", traced("trace.b", "true"));
            out.add("trace-only, allow_trace: " + event(bTrace));
            out.add("trace-only, allow_trace, delivered: " + received(responder));
            responder.unsubscribe();
            a.flush(Duration.ofSeconds(3));

            // stream imports with and without allow_trace
            Subscription aTrace = a.subscribe("trace.a");
            Subscription ev = b.subscribe("ev.>");
            Subscription evt = b.subscribe("evt.>");
            a.flush(Duration.ofSeconds(3));
            b.flush(Duration.ofSeconds(3));
            publish(a, "evt.1", null, traced("trace.a", null));
            out.add("stream import, allow_trace: " + event(aTrace));
            out.add("stream import, allow_trace, delivered: " + received(evt));
            publish(a, "evt.2", null, traced("trace.a", "true"));
            out.add("stream import, allow_trace, trace-only: " + event(aTrace));
            out.add("stream import, allow_trace, trace-only, delivered: " + received(evt));
            publish(a, "ev.3", null, traced("trace.a", "true"));
            out.add("stream import, trace-only: " + event(aTrace));
            out.add("stream import, trace-only, delivered: " + received(ev));

            // a fast batch through the import into a stream of the exporting account
            JetStreamManagement jsm = a.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("FB")
                    .subjects("fb.>")
                    .storageType(StorageType.Memory)
                    .allowBatched(true)
                    .build());
            Subscription acks = b.subscribe("fbr.>");
            b.flush(Duration.ofSeconds(3));
            publish(b, "fb.1", "fbr.s.b1.2.fail.1.0.$FI", new Headers().add("K", "v"));
            for (int i = 2; i < 5; i++) {
                publish(b, "fb.1", "fbr.s.b1.2.fail." + i + ".1.$FI", null);
            }
            publish(b, "fb.1", "fbr.s.b1.2.fail.5.2.$FI", null);
            out.add("fast batch answers: " + answers(acks));
            out.add("fast batch stored: "
                    + jsm.getStreamInfo("FB").getStreamState().getMsgCount());
            MessageInfo first = jsm.getMessage("FB", 1);
            out.add("fast batch first stored: " + first.getSubject() + " "
                    + (first.getHeaders() == null
                            ? "no headers"
                            : first.getHeaders().entrySet()));
            publish(b, "fb.2", "reply.plain", null);
            out.add("plain publish through the import: " + answers(acks));
        }
        return out;
    }

    private static Headers traced(String dest, String only) {
        Headers h = new Headers().add("Nats-Trace-Dest", dest);
        if (only != null) {
            h.add("Nats-Trace-Only", only);
        }
        return h;
    }

    private static void publish(Connection c, String subject, String reply, Headers headers) throws Exception {
        c.publish(NatsMessage.builder()
                .subject(subject)
                .replyTo(reply)
                .headers(headers)
                .data("x".getBytes(StandardCharsets.UTF_8))
                .build());
        c.flush(Duration.ofSeconds(3));
    }

    /** What the subscription received: subject, whether a reply was set, headers (request info normalised). */
    private static String received(Subscription s) throws Exception {
        List<String> got = new ArrayList<>();
        Message m;
        while ((m = s.nextMessage(Duration.ofMillis(200))) != null) {
            StringBuilder b = new StringBuilder(m.getSubject());
            b.append(m.getReplyTo() == null ? " no-reply" : " reply");
            if (m.getHeaders() != null) {
                for (String k : m.getHeaders().keySet()) {
                    for (String v : m.getHeaders().get(k)) {
                        b.append(" | ").append(k).append(": ");
                        b.append(
                                k.equals("Nats-Request-Info")
                                        ? requestInfo(v)
                                        : v.startsWith("_R_.") ? "<service reply>" : v);
                    }
                }
            }
            got.add(b.toString());
        }
        return got.toString();
    }

    /** The request info JSON with the values that differ by nature replaced by their JSON type. */
    private static String requestInfo(String json) {
        ObjectNode o = (ObjectNode) JSON.readTree(json);
        for (String k : VOLATILE) {
            if (o.has(k)) {
                o.put(k, "<" + o.get(k).getNodeType().name().toLowerCase() + ">");
            }
        }
        // rtt is left out while not measured yet (Go's omitempty): not compared
        o.remove("rtt");
        return o.toString();
    }

    private static String answers(Subscription s) throws Exception {
        List<String> got = new ArrayList<>();
        Message m;
        while ((m = s.nextMessage(Duration.ofMillis(300))) != null) {
            got.add(m.getSubject() + " "
                    + (m.getHeaders() == null ? "" : m.getHeaders().entrySet() + " ")
                    + new String(m.getData(), StandardCharsets.UTF_8));
        }
        return got.toString();
    }

    /** The next trace event with ids, timestamps and the server identity normalised. */
    private static String event(Subscription s) throws Exception {
        Message m = s.nextMessage(Duration.ofSeconds(1));
        if (m == null) {
            return "none";
        }
        ObjectNode root = (ObjectNode) JSON.readTree(m.getData());
        root.remove("server");
        for (JsonNode e : root.get("events")) {
            ObjectNode o = (ObjectNode) e;
            o.put("ts", o.get("ts").asString().isEmpty() ? "" : "<ts>");
            if (o.has("cid")) {
                o.put("cid", o.get("cid").asLong() > 0 ? "<cid>" : "0");
            }
        }
        Message more = s.nextMessage(Duration.ofMillis(100));
        return JSON.writeValueAsString(root) + (more == null ? "" : " +more " + new String(more.getData()));
    }

    private static Connection connect(String url, String user) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .userInfo(user, user)
                .connectionName("conn-" + user)
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
    }
}
