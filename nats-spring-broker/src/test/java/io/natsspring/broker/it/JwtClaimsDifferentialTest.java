package io.natsspring.broker.it;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account and user JWT claims beyond permissions, on this broker and on {@code nats-server} 2.15 from the same
 * operator configuration: {@code disallow_bearer}, {@code allowed_connection_types}, connect {@code times} with
 * {@code times_location} (and the disconnection at the end of the range), the account {@code imports}/
 * {@code exports}/{@code wildcards} limits and tiered JetStream limits (an account failing the jwt library's validation
 * has its users refused; plain JetStream limits beside tiered ones are ignored), and the {@code data} limit (not enforced by nats-server, so not here either).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JwtClaimsDifferentialTest {

    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final String UNLIMITED =
            "\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1";

    @TempDir
    static Path dir;

    private static final Map<String, String> TARGETS = new LinkedHashMap<>();

    /** The same servers' WebSocket listeners ({@code ws://}). */
    private static final Map<String, String> WS_TARGETS = new LinkedHashMap<>();

    private static final List<AutoCloseable> STOP = new ArrayList<>();

    private static NKey accountA;
    private static NKey noBearer;
    private static NKey tooManyImports;
    private static NKey tooManyExports;
    private static NKey wildcardExports;
    private static NKey mixedTiers;
    private static NKey dataLimited;
    private static NKey blankTier;

    @BeforeAll
    static void start() throws Exception {
        NKey operator = JwtTokens.operatorKey();
        NKey system = JwtTokens.accountKey();
        accountA = JwtTokens.accountKey();
        noBearer = JwtTokens.accountKey();
        tooManyImports = JwtTokens.accountKey();
        tooManyExports = JwtTokens.accountKey();
        wildcardExports = JwtTokens.accountKey();
        mixedTiers = JwtTokens.accountKey();
        dataLimited = JwtTokens.accountKey();
        blankTier = JwtTokens.accountKey();
        String operatorJwt = JwtTokens.claims("operator", pub(operator))
                .nats("system_account", pub(system))
                .sign(operator);
        Path operatorFile = Files.writeString(dir.resolve("operator.jwt"), operatorJwt);
        Map<String, String> accounts = new LinkedHashMap<>();
        accounts.put(pub(system), JwtTokens.account(system).sign(operator));
        accounts.put(
                pub(accountA),
                JwtTokens.claims("account", pub(accountA))
                        .nats(
                                "limits",
                                "{" + UNLIMITED + ",\"tiered_limits\":{\"R1\":{\"mem_storage\":-1,"
                                        + "\"disk_storage\":-1,\"streams\":1,\"consumer\":-1}}}")
                        .nats("exports", "[{\"name\":\"s\",\"subject\":\"pub.>\",\"type\":\"stream\"}]")
                        .sign(operator));
        accounts.put(
                pub(noBearer),
                JwtTokens.claims("account", pub(noBearer))
                        .nats("limits", "{" + UNLIMITED + ",\"disallow_bearer\":true}")
                        .sign(operator));
        accounts.put(
                pub(tooManyImports),
                JwtTokens.claims("account", pub(tooManyImports))
                        .nats("limits", "{" + UNLIMITED.replace("\"imports\":-1", "\"imports\":0") + "}")
                        .nats(
                                "imports",
                                "[{\"name\":\"s\",\"subject\":\"pub.>\",\"account\":\"" + pub(accountA)
                                        + "\",\"type\":\"stream\"}]")
                        .sign(operator));
        accounts.put(
                pub(tooManyExports),
                JwtTokens.claims("account", pub(tooManyExports))
                        .nats("limits", "{" + UNLIMITED.replace("\"exports\":-1", "\"exports\":1") + "}")
                        .nats(
                                "exports",
                                "[{\"subject\":\"x.a\",\"type\":\"stream\"},{\"subject\":\"x.b\",\"type\":\"stream\"}]")
                        .sign(operator));
        accounts.put(
                pub(wildcardExports),
                JwtTokens.claims("account", pub(wildcardExports))
                        .nats(
                                "limits",
                                "{"
                                        + UNLIMITED
                                                .replace("\"exports\":-1", "\"exports\":5")
                                                .replace("\"wildcards\":true", "\"wildcards\":false")
                                        + "}")
                        .nats("exports", "[{\"subject\":\"w.>\",\"type\":\"stream\"}]")
                        .sign(operator));
        accounts.put(
                pub(mixedTiers),
                JwtTokens.claims("account", pub(mixedTiers))
                        .nats(
                                "limits",
                                "{" + UNLIMITED + ",\"mem_storage\":-1,\"streams\":-1,\"tiered_limits\":{\"R1\":"
                                        + "{\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":1,\"consumer\":-1}}}")
                        .sign(operator));
        accounts.put(
                pub(dataLimited),
                JwtTokens.claims("account", pub(dataLimited))
                        .nats("limits", "{" + UNLIMITED.replace("\"data\":-1", "\"data\":16") + "}")
                        .sign(operator));
        accounts.put(
                pub(blankTier),
                JwtTokens.claims("account", pub(blankTier))
                        .nats("limits", "{" + UNLIMITED + ",\"tiered_limits\":{\"\":{\"mem_storage\":-1}}}")
                        .sign(operator));
        StringBuilder preload = new StringBuilder();
        accounts.forEach((k, v) ->
                preload.append("  ").append(k).append(": \"").append(v).append("\"\n"));
        String config = """
                jetstream { store_dir: "%s" }
                operator: "%s"
                system_account: %s
                resolver: MEMORY
                resolver_preload: {
                %s}
                websocket { host: 127.0.0.1, port: %d, no_tls: true }
                """;
        int ourWs = ReferenceNatsServer.freeTcpPort();
        Path ours = Files.writeString(
                dir.resolve("ours.conf"),
                config.formatted(store("ours"), slashes(operatorFile), pub(system), preload, ourWs));
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(ours).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        STOP.add(broker);
        TARGETS.put("broker", broker.clientUrl());
        WS_TARGETS.put("broker", "ws://127.0.0.1:" + ourWs);
        if (ReferenceNatsServer.available()) {
            int refWs = ReferenceNatsServer.freeTcpPort();
            Path ref = Files.writeString(
                    dir.resolve("ref.conf"),
                    config.formatted(store("ref"), slashes(operatorFile), pub(system), preload, refWs));
            ReferenceNatsServer server = ReferenceNatsServer.start(dir.resolve("ref"), List.of("-c", ref.toString()));
            STOP.add(server);
            TARGETS.put("nats-server", server.url());
            WS_TARGETS.put("nats-server", "ws://127.0.0.1:" + refWs);
        }
    }

    private static String store(String name) {
        return slashes(dir.resolve(name + "-store"));
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : STOP) {
            c.close();
        }
        STOP.clear();
        TARGETS.clear();
        WS_TARGETS.clear();
    }

    /** Runs {@code scenario} on every target; the observations must be equal (ours is returned). */
    private static Object onEach(Scenario scenario) throws Exception {
        return onEach(TARGETS, scenario);
    }

    private static Object onEach(Map<String, String> targets, Scenario scenario) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : targets.entrySet()) {
            seen.put(t.getKey(), scenario.run(t.getValue()));
        }
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
        return seen.get("broker");
    }

    @FunctionalInterface
    interface Scenario {
        Object run(String url) throws Exception;
    }

    private static final AtomicInteger CREDS = new AtomicInteger();

    private static Path creds(JwtTokens.Claims claims, NKey account) throws Exception {
        NKey u = JwtTokens.userKey();
        String jwt = claims.top("sub", pub(u)).sign(account);
        return JwtTokens.creds(dir.resolve("u" + CREDS.incrementAndGet() + ".creds"), jwt, u);
    }

    private static JwtTokens.Claims user() throws Exception {
        return JwtTokens.user(JwtTokens.userKey());
    }

    private static Connection connect(String url, Path creds, List<String> errors, Duration timeout) throws Exception {
        return JnatsLogin.withCreds(url, creds, errors, timeout);
    }

    /** "ok" or the error the server sent when refusing the login. */
    private static String login(String url, Path creds) {
        List<String> errors = new CopyOnWriteArrayList<>();
        return JnatsLogin.outcome(
                () -> connect(url, creds, errors, Duration.ofSeconds(5)), errors, Duration.ofSeconds(10));
    }

    @Test
    void bearerTokensAndConnectionTypes() throws Exception {
        List<Path> users = List.of(
                creds(user().nats("bearer_token", true), accountA),
                creds(user().nats("bearer_token", true), noBearer),
                creds(user(), noBearer),
                creds(user().nats("allowed_connection_types", List.of("STANDARD")), accountA),
                creds(user().nats("allowed_connection_types", List.of("standard")), accountA),
                creds(user().nats("allowed_connection_types", List.of("WEBSOCKET")), accountA),
                creds(user().nats("allowed_connection_types", List.of("STANDARD", "BOGUS")), accountA),
                creds(user().nats("allowed_connection_types", List.of("BOGUS")), accountA),
                creds(user().nats("allowed_connection_types", List.of("MQTT", "LEAFNODE")), accountA));
        Object r = onEach(url -> users.stream().map(u -> login(url, u)).toList());
        String refused = "Authorization Violation";
        assertThat(r).isEqualTo(List.of("ok", refused, "ok", "ok", "ok", refused, "ok", refused, refused));
    }

    @Test
    void connectionTypesOverWebSocket() throws Exception {
        List<Path> users = List.of(
                creds(user(), accountA),
                creds(user().nats("allowed_connection_types", List.of("STANDARD")), accountA),
                creds(user().nats("allowed_connection_types", List.of("websocket")), accountA),
                creds(user().nats("allowed_connection_types", List.of("STANDARD", "WEBSOCKET")), accountA));
        Object r =
                onEach(WS_TARGETS, url -> users.stream().map(u -> login(url, u)).toList());
        assertThat(r).isEqualTo(List.of("ok", "Authorization Violation", "ok", "ok"));
    }

    @Test
    void connectTimesInTheirLocation() throws Exception {
        // a zone where it is around noon now, so that no range crosses midnight by accident
        int offset = 12 - ZonedDateTime.now(ZoneId.of("UTC")).getHour();
        String zone = offset == 0 ? "Etc/GMT" : offset > 0 ? "Etc/GMT-" + offset : "Etc/GMT+" + -offset;
        List<Path> users = List.of(
                creds(times(zone, "11:00:00", "13:59:59"), accountA),
                creds(times(zone, "13:00:00", "14:00:00"), accountA),
                creds(times(zone, "13:00:00", "14:00:00", "10:00:00", "14:00:00"), accountA),
                creds(times(zone, "23:00:00", "13:00:00"), accountA),
                creds(times(zone, "10:00:00", "09:00:00"), accountA),
                creds(times(zone, "13:00:00", "11:00:00"), accountA),
                creds(times(zone, "25:00:00", "26:00:00"), accountA),
                creds(times("Mars/Olympus_Mons", "00:00:00", "23:59:59"), accountA));
        Object r = onEach(url -> users.stream().map(u -> login(url, u)).toList());
        String refused = "Authorization Violation";
        assertThat(r).isEqualTo(List.of("ok", refused, "ok", "ok", "ok", refused, refused, refused));
    }

    private static JwtTokens.Claims times(String zone, String... startEnd) throws Exception {
        List<Map<String, String>> ranges = new ArrayList<>();
        for (int i = 0; i < startEnd.length; i += 2) {
            ranges.add(Map.of("start", startEnd[i], "end", startEnd[i + 1]));
        }
        return user().nats("times", ranges).nats("times_location", zone);
    }

    @Test
    void aConnectionIsClosedAtTheEndOfItsTimeRange() throws Exception {
        Object r = onEach(url -> {
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("UTC"));
            DateTimeFormatter f = DateTimeFormatter.ofPattern("HH:mm:ss");
            String start = now.minusMinutes(1).format(f);
            String end = now.plusSeconds(3).format(f);
            if (end.compareTo(start) < 0) {
                return List.of("CONNECTED", List.of("User Authentication Expired")); // around midnight UTC
            }
            Path u = creds(times("UTC", start, end), accountA);
            List<String> errors = new CopyOnWriteArrayList<>();
            try (Connection c = connect(url, u, errors, Duration.ofSeconds(5))) {
                c.flush(WAIT);
                String before = c.getStatus().toString();
                await().atMost(Duration.ofSeconds(10)).until(() -> c.getStatus() == Connection.Status.CLOSED);
                return List.of(before, List.copyOf(errors));
            }
        });
        assertThat(r).isEqualTo(List.of("CONNECTED", List.of("User Authentication Expired")));
    }

    @Test
    void accountsFailingValidationHaveTheirUsersRefused() throws Exception {
        List<Path> users = List.of(
                creds(user(), tooManyImports),
                creds(user(), tooManyExports),
                creds(user(), wildcardExports),
                creds(user(), blankTier),
                creds(user(), mixedTiers),
                creds(user(), dataLimited));
        Object r = onEach(url -> users.stream().map(u -> login(url, u)).toList());
        String refused = "Authorization Violation";
        assertThat(r).isEqualTo(List.of(refused, refused, refused, refused, "ok", "ok"));
    }

    @Test
    void theDataLimitIsNotEnforced() throws Exception {
        Path u = creds(user().nats("data", 16), dataLimited);
        Object r = onEach(url -> {
            List<String> errors = new CopyOnWriteArrayList<>();
            try (Connection c = connect(url, u, errors, Duration.ofSeconds(5))) {
                Subscription s = c.subscribe("big");
                c.flush(WAIT);
                int received = 0;
                for (int i = 0; i < 5; i++) {
                    c.publish("big", new byte[1000]);
                    Message m = s.nextMessage(WAIT);
                    received += m == null ? 0 : m.getData().length;
                }
                return List.of(received, List.copyOf(errors));
            }
        });
        assertThat(r).isEqualTo(List.of(5000, List.of()));
    }

    @Test
    void tieredLimitsApplyTheR1TierOnASingleServer() throws Exception {
        // the second account also has plain limits (unlimited streams): decoding drops them beside tiered ones
        List<Path> users = List.of(creds(user(), accountA), creds(user(), mixedTiers));
        Object r = onEach(url -> {
            List<String> out = new ArrayList<>();
            for (Path u : users) {
                List<String> errors = new CopyOnWriteArrayList<>();
                try (Connection c = connect(url, u, errors, Duration.ofSeconds(5))) {
                    for (String name : List.of("T1", "T2")) {
                        try {
                            c.jetStreamManagement()
                                    .addStream(StreamConfiguration.builder()
                                            .name(name)
                                            .subjects(name.toLowerCase() + ".>")
                                            .storageType(StorageType.Memory)
                                            .build());
                            out.add("created " + name);
                        } catch (JetStreamApiException e) {
                            out.add(e.getApiErrorCode() + " " + e.getErrorDescription());
                        }
                    }
                    c.jetStreamManagement().deleteStream("T1");
                }
            }
            return out;
        });
        String max = "10027 maximum number of streams reached";
        assertThat(r).isEqualTo(List.of("created T1", max, "created T1", max));
    }

    @Test
    void userInfoTellsTheClientWhoItIs() throws Exception {
        Path limited = creds(
                user().top("exp", java.time.Instant.now().getEpochSecond() + 100)
                        .nats("pub", "{\"allow\":[\"a.>\",\"$SYS.REQ.USER.INFO\"],\"deny\":[\"a.b\"]}")
                        .nats("sub", "{\"allow\":[\"_INBOX.>\",\"q.> grp\"]}"),
                accountA);
        Path plain = creds(user(), accountA);
        tools.jackson.databind.json.JsonMapper json =
                tools.jackson.databind.json.JsonMapper.builder().build();
        Object r = onEach(url -> {
            List<Object> out = new ArrayList<>();
            for (Path u : List.of(limited, plain)) {
                List<String> errors = new CopyOnWriteArrayList<>();
                try (Connection c = connect(url, u, errors, Duration.ofSeconds(5))) {
                    Message m = c.request("$SYS.REQ.USER.INFO", new byte[0], WAIT);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> answer = json.readValue(m.getData(), Map.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> data = (Map<String, Object>) answer.get("data");
                    if (data != null && data.get("expires") instanceof Number n) {
                        // nanoseconds truncated to the second: only its order of magnitude is stable
                        data.put("expires", n.longValue() / 1_000_000_000L > 90 ? "~100s" : n);
                    }
                    assertThat(answer.get("server")).asString().contains("id=");
                    out.add(sortedLists(data));
                }
            }
            return out;
        });
        assertThat(r.toString())
                .contains("permissions={publish={allow=[$SYS.REQ.USER.INFO, a.>], deny=[a.b]}, "
                        + "subscribe={allow=[_INBOX.>, q.> grp]}}, expires=~100s}")
                .contains("account_name=account-");
    }

    /** {@code o} with every list sorted: nats-server lists permissions in the order of its subject tree. */
    @SuppressWarnings("unchecked")
    private static Object sortedLists(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, sortedLists(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(String::valueOf).sorted().toList();
        }
        return o;
    }
}
