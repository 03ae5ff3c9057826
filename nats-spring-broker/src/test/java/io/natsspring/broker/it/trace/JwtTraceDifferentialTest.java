package io.natsspring.broker.it.trace;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.it.ConfigDifferential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Message tracing and service imports of JWT accounts on this broker and on {@code nats-server} 2.15.1 from the same
 * preloaded JWTs: the account claim {@code trace {dest, sampling}} (a sampled {@code traceparent} is traced to it),
 * {@code allow_trace} on a service export and on a stream import claim, and the {@code Nats-Request-Info} of a shared
 * import for a JWT user ({@code jwt}, {@code issuer_key}, {@code name_tag}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtTraceDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LIMITS =
            "{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,"
                    + "\"leaf\":-1}";

    @TempDir
    Path dir;

    @Test
    void jwtTraceClaimsAsNatsServer() throws Exception {
        NKey operator = JwtTokens.operatorKey();
        NKey system = JwtTokens.accountKey();
        NKey a = JwtTokens.accountKey();
        NKey b = JwtTokens.accountKey();
        Path operatorFile = Files.writeString(
                dir.resolve("operator.jwt"),
                JwtTokens.claims("operator", pub(operator))
                        .nats("system_account", pub(system))
                        .sign(operator));
        Map<String, String> accounts = new LinkedHashMap<>();
        accounts.put(pub(system), JwtTokens.account(system).sign(operator));
        accounts.put(
                pub(a),
                JwtTokens.account(a)
                        .nats("limits", LIMITS)
                        .nats(
                                "exports",
                                "[{\"subject\":\"svc.>\",\"type\":\"service\",\"allow_trace\":true},"
                                        + "{\"subject\":\"plain.>\",\"type\":\"service\"},"
                                        + "{\"subject\":\"ev.>\",\"type\":\"stream\"}]")
                        .sign(operator));
        accounts.put(
                pub(b),
                JwtTokens.account(b)
                        .nats("limits", LIMITS)
                        .nats("trace", "{\"dest\":\"trace.acc\",\"sampling\":100}")
                        .nats(
                                "imports",
                                "[{\"account\":\"" + pub(a) + "\",\"subject\":\"svc.>\",\"type\":\"service\"},"
                                        + "{\"account\":\"" + pub(a)
                                        + "\",\"subject\":\"plain.>\",\"type\":\"service\",\"share\":true},"
                                        + "{\"account\":\"" + pub(a)
                                        + "\",\"subject\":\"ev.>\",\"type\":\"stream\",\"allow_trace\":true}]")
                        .sign(operator));
        StringBuilder preload = new StringBuilder();
        accounts.forEach((k, v) ->
                preload.append("  ").append(k).append(": \"").append(v).append("\"\n"));
        String config = """
                server_name: jwttrace
                operator: "%s"
                system_account: %s
                resolver: MEMORY
                resolver_preload: {
                %s}
                """.formatted(operatorFile.toString().replace('\\', '/'), pub(system), preload);
        NKey ua = JwtTokens.userKey();
        NKey ub = JwtTokens.userKey();
        String userA = JwtTokens.user(ua).sign(a);
        String userB = JwtTokens.user(ub).top("name", "bee").sign(b);

        Map<String, List<String>> seen =
                ConfigDifferential.observe(dir, store -> config, url -> observe(url, userA, ua, userB, ub));
        if (Boolean.getBoolean("serviceimport.print")) {
            seen.forEach((k, v) -> v.forEach(line -> System.out.println(k + " | " + line)));
        }
        List<String> expected = seen.getOrDefault("nats-server", seen.get("broker"));
        List<String> actual = seen.get("broker");
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("observation %d of %s", i, seen).isEqualTo(expected.get(i));
        }
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual.get(0)).contains("\"type\":\"eg\"");
    }

    private List<String> observe(String url, String userA, NKey ua, String userB, NKey ub) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection ca = connect(url, userA, ua);
                Connection cb = connect(url, userB, ub)) {
            Subscription accTrace = cb.subscribe("trace.acc");
            Subscription bFoo = cb.subscribe("foo");
            Subscription responder = ca.subscribe(">");
            Subscription aTrace = ca.subscribe("trace.a");
            Subscription ev = cb.subscribe("ev.>");
            cb.flush(Duration.ofSeconds(3));
            ca.flush(Duration.ofSeconds(3));

            publish(
                    cb,
                    "foo",
                    new Headers().add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            out.add("account trace claim: " + event(accTrace));
            drain(bFoo);
            publish(
                    cb,
                    "svc.1",
                    new Headers().add("Nats-Trace-Dest", "trace.acc").add("Nats-Trace-Only", "true"));
            out.add("service export allow_trace: " + event(accTrace));
            publish(cb, "plain.1", null);
            Message m = responder.nextMessage(Duration.ofSeconds(2));
            out.add("shared request info: " + (m == null ? "none" : requestInfo(m, userB)));
            drain(responder);
            publish(ca, "ev.1", new Headers().add("Nats-Trace-Dest", "trace.a").add("Nats-Trace-Only", "true"));
            out.add("stream import allow_trace: " + event(aTrace));
            out.add("stream import trace-only delivered: " + (ev.nextMessage(Duration.ofMillis(200)) != null));
        }
        return out;
    }

    private static String requestInfo(Message m, String userJwt) {
        String v = m.getHeaders() == null ? null : m.getHeaders().getFirst("Nats-Request-Info");
        if (v == null) {
            return "no header";
        }
        ObjectNode o = (ObjectNode) JSON.readTree(v);
        for (String k : List.of("start", "host", "id", "user")) {
            if (o.has(k)) {
                o.put(k, "<" + k + ">");
            }
        }
        o.remove("rtt");
        if (o.has("jwt")) {
            o.put("jwt", o.get("jwt").asString().equals(userJwt) ? "<the user's jwt>" : "<other>");
        }
        return o.toString();
    }

    private static void drain(Subscription s) throws InterruptedException {
        while (s.nextMessage(Duration.ofMillis(100)) != null) {
            // discard
        }
    }

    private static void publish(Connection c, String subject, Headers h) throws Exception {
        c.publish(NatsMessage.builder()
                .subject(subject)
                .headers(h)
                .data("x".getBytes(StandardCharsets.UTF_8))
                .build());
        c.flush(Duration.ofSeconds(3));
    }

    /** The next trace event with ids, timestamps, account keys and the server identity normalised. */
    private static String event(Subscription s) throws Exception {
        Message m = s.nextMessage(Duration.ofSeconds(1));
        if (m == null) {
            return "none";
        }
        ObjectNode root = (ObjectNode) JSON.readTree(m.getData());
        root.remove("server");
        for (JsonNode e : root.get("events")) {
            ObjectNode o = (ObjectNode) e;
            o.put("ts", "<ts>");
            if (o.has("cid")) {
                o.put("cid", "<cid>");
            }
            if (o.has("acc")) {
                o.put("acc", o.get("acc").asString().substring(0, 1) + "<key>");
            }
        }
        Message more = s.nextMessage(Duration.ofMillis(100));
        return JSON.writeValueAsString(root) + (more == null ? "" : " +more");
    }

    private Connection connect(String url, String jwt, NKey seed) throws Exception {
        Path creds = JwtTokens.creds(Files.createTempFile(dir, "u", ".creds"), jwt, seed);
        return Nats.connect(new Options.Builder()
                .server(url)
                .authHandler(Nats.credentials(creds.toString()))
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }
}
