package io.natsspring.broker.it.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
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
 * Message tracing ({@code Nats-Trace-Dest}, ADR-41) on this broker and on {@code nats-server} 2.15.1 with the same
 * configuration: the trace events' JSON (keys, order, values; server identity, connection ids and timestamps
 * normalised) and what the subscribers received, for plain, queue, trace-only, JetStream, subject-mapping,
 * permission-denied and no-interest publishes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageTraceDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CONFIG = """
            jetstream { store_dir: "%s" }
            max_payload: 4096
            accounts {
              A {
                jetstream: enabled
                mappings { "map.in": "map.out" }
                imports [ { stream: { account: E, subject: "ev.>" } } ]
                users [
                  { user: a, password: a }
                  { user: d, password: d, permissions { publish { deny: ["denied.>"] } } }
                ]
              }
              E {
                users [ { user: e, password: e } ]
                exports [ { stream: "ev.>" } ]
              }
              B {
                users [ { user: b, password: b } ]
                msg_trace { dest: "trace.acc", sampling: "100%%" }
              }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void traceEventsMatchNatsServer() throws Exception {
        Map<String, List<String>> seen =
                ConfigDifferential.observe(dir, store -> CONFIG.formatted(store), url -> observe(url));
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
                Connection d = connect(url, "d");
                Connection b = connect(url, "b");
                Connection e = connect(url, "e")) {
            Subscription eTrace = e.subscribe("trace.e");
            Subscription imported = a.subscribe("ev.>");
            e.flush(Duration.ofSeconds(3));
            a.flush(Duration.ofSeconds(3));
            publish(e, "ev.1", "trace.e", null, "exported");
            out.add("stream export: " + event(eTrace));
            out.add("stream export delivered: " + received(imported));
            publish(e, "ev.2", "trace.e", "on", "exported only");
            out.add("stream export trace-only: " + event(eTrace));
            out.add("stream export trace-only delivered: " + received(imported));

            Subscription accTrace = b.subscribe("trace.acc");
            Subscription bFoo = b.subscribe("foo");
            b.flush(Duration.ofSeconds(3));
            publishWith(b, "foo", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            out.add("traceparent sampled: " + event(accTrace));
            out.add("traceparent sampled delivered: " + received(bFoo));
            publishWith(b, "foo", "TraceParent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
            out.add("traceparent not sampled: " + event(accTrace));
            out.add("traceparent not sampled delivered: " + received(bFoo));
            publishWith(
                    b,
                    "foo",
                    "Nats-Trace-Only",
                    "true",
                    "traceparent",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03");
            out.add("traceparent with trace-only: " + event(accTrace));
            out.add("traceparent with trace-only delivered: " + received(bFoo));
            publishWith(a, "foo", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            out.add("traceparent in an account without msg_trace: " + event(accTrace));

            Subscription trace = a.subscribe("trace.dest");
            Subscription plain = a.subscribe("foo.>");
            Subscription queue = a.subscribe("foo.bar", "q");
            Subscription mapped = a.subscribe("map.out");
            a.flush(Duration.ofSeconds(3));

            publish(a, "foo.bar", "trace.dest", null, "hello");
            out.add("plain: " + event(trace));
            out.add("plain delivered: " + received(plain) + " " + received(queue));

            publish(a, "foo.bar", "trace.dest", "true", "only");
            out.add("trace-only: " + event(trace));
            out.add("trace-only delivered: " + received(plain) + " " + received(queue));

            publish(a, "nobody.here", "trace.dest", null, "x");
            out.add("no interest: " + event(trace));

            publish(a, "map.in", "trace.dest", null, "m");
            out.add("mapping: " + event(trace));
            out.add("mapping delivered: " + received(mapped));

            Subscription dTrace = d.subscribe("trace.dest");
            d.flush(Duration.ofSeconds(3));
            publish(d, "denied.x", "trace.dest", null, "no");
            out.add("denied: " + event(dTrace));
            out.add("denied, seen in the account: " + event(trace));

            out.add("over max_payload: " + overMaxPayload(url, trace));

            // a generous API timeout: on a loaded machine the first JetStream request can take seconds
            JetStreamManagement jsm = a.jetStreamManagement(JetStreamOptions.builder()
                    .requestTimeout(Duration.ofSeconds(20))
                    .build());
            jsm.addStream(StreamConfiguration.builder()
                    .name("S")
                    .subjects("js.>")
                    .storageType(StorageType.Memory)
                    .build());
            Subscription acks = a.subscribe("ack.inbox");
            a.flush(Duration.ofSeconds(3));
            publish(a, "js.1", "trace.dest", null, "stored", "ack.inbox");
            out.add("jetstream: " + event(trace));
            out.add("jetstream ack: " + received(acks));
            publish(a, "js.2", "trace.dest", "1", "not stored", "ack.inbox");
            out.add("jetstream trace-only: " + event(trace));
            out.add("jetstream trace-only ack: " + received(acks));
            out.add("stream messages: "
                    + jsm.getStreamInfo("S").getStreamState().getMsgCount());
            out.add("stored headers: " + jsm.getMessage("S", 1).getHeaders().entrySet());
        }
        return out;
    }

    private static void publish(Connection c, String subject, String dest, String only, String body) throws Exception {
        publish(c, subject, dest, only, body, null);
    }

    private static void publish(Connection c, String subject, String dest, String only, String body, String reply)
            throws Exception {
        Headers h = new Headers().add("Nats-Trace-Dest", dest).add("X-App", "1", "2");
        if (only != null) {
            h.add("Nats-Trace-Only", only);
        }
        c.publish(NatsMessage.builder()
                .subject(subject)
                .replyTo(reply)
                .headers(h)
                .data(body.getBytes(StandardCharsets.UTF_8))
                .build());
        c.flush(Duration.ofSeconds(3));
    }

    /** A raw HPUB announcing more than max_payload (jnats refuses to send one): the ingress error event. */
    private static String overMaxPayload(String url, Subscription trace) throws Exception {
        java.net.URI uri = java.net.URI.create(url);
        try (java.net.Socket s = new java.net.Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(3000);
            java.io.InputStream in = s.getInputStream();
            readLine(in); // INFO
            String hdr = "NATS/1.0\r\nNats-Trace-Dest: trace.dest\r\n\r\n";
            String ops = "CONNECT {\"verbose\":false,\"headers\":true,\"protocol\":1,\"user\":\"a\",\"pass\":\"a\"}\r\n"
                    + "PING\r\n" + "HPUB big.one " + hdr.length() + " 5000\r\n" + hdr;
            s.getOutputStream().write(ops.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            // PONG, the connect INFO (protocol 1), then the error before the connection closes
            String line = readLine(in);
            for (int i = 0; i < 3 && !line.startsWith("-ERR"); i++) {
                line = readLine(in);
            }
            return event(trace) + " | " + line;
        }
    }

    private static String readLine(java.io.InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static void publishWith(Connection c, String subject, String... headers) throws Exception {
        Headers h = new Headers();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        c.publish(NatsMessage.builder()
                .subject(subject)
                .headers(h)
                .data("t".getBytes(StandardCharsets.UTF_8))
                .build());
        c.flush(Duration.ofSeconds(3));
    }

    private static String received(Subscription s) throws InterruptedException {
        List<String> got = new ArrayList<>();
        Message m;
        while ((m = s.nextMessage(Duration.ofMillis(150))) != null) {
            got.add(m.getSubject() + ":" + new String(m.getData(), StandardCharsets.UTF_8)
                    + (m.getHeaders() == null ? "" : " " + m.getHeaders().entrySet()));
        }
        return got.toString();
    }

    /** The next trace event with ids, timestamps and the server identity normalised. */
    private static String event(Subscription s) throws Exception {
        Message m = s.nextMessage(Duration.ofSeconds(1));
        if (m == null) {
            return "none";
        }
        String extra =
                m.getHeaders() == null ? "" : " headers " + m.getHeaders().entrySet();
        ObjectNode root = (ObjectNode) JSON.readTree(m.getData());
        ObjectNode server = (ObjectNode) root.get("server");
        List<String> keys = new ArrayList<>();
        // feature_flags: nats-server 2.12+ adds them to every system message; the server block is not traced
        server.propertyNames().forEach(k -> {
            if (!k.equals("feature_flags")) {
                keys.add(k);
            }
        });
        root.put("server", String.join(",", keys));
        for (JsonNode e : root.get("events")) {
            ObjectNode o = (ObjectNode) e;
            o.put("ts", o.get("ts").asString().isEmpty() ? "" : "<ts>");
            if (o.has("cid")) {
                o.put("cid", o.get("cid").asLong() > 0 ? "<cid>" : "0");
            }
        }
        Message more = s.nextMessage(Duration.ofMillis(100));
        return JSON.writeValueAsString(root) + extra + (more == null ? "" : " +more");
    }

    private static Connection connect(String url, String user) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .userInfo(user, user)
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
    }
}
