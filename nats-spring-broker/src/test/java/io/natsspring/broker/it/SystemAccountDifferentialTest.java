package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The system account through jnats, on this broker and on {@code nats-server} 2.15 started from the same
 * configuration (accounts A with JetStream, B, SYS as {@code system_account} with a user; a {@code $G} user):
 * which {@code $SYS.REQ.…} requests are answered and the shape of the answers (key sets, not values: ours may carry
 * fewer monitoring fields, never other ones), the connect/disconnect/auth-error events, isolation from the other
 * accounts, {@code /accountz?acc=} of an unknown account and an NKey user in {@code /connz}. Without the reference
 * binary only this broker is tested.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SystemAccountDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Server identity keys that may differ: none (feature_flags included). */
    private static final Set<String> NEWER_SERVER_KEYS = Set.of();

    private static final String CONFIG = """
            jetstream { store_dir: "%s" }
            accounts {
              A: { users: [ {user: a, password: a}, {nkey: %s} ], jetstream: enabled }
              B: { users: [ {user: b, password: b} ] }
              SYS: { users: [ {user: sys, password: sys} ] }
            }
            authorization { users: [ {user: g, password: g} ] }
            system_account: SYS
            """;

    @TempDir
    static Path dir;

    private static NKey nkeyUser;
    private static final List<Target> TARGETS = new ArrayList<>();

    record Target(String name, String url, int httpPort, AutoCloseable stop) {}

    @BeforeAll
    static void start() throws Exception {
        nkeyUser = NKey.createUser(null);
        String pub = new String(nkeyUser.getPublicKey());
        Path ours = dir.resolve("ours.conf");
        Files.writeString(
                ours, CONFIG.formatted(dir.resolve("ours-store").toString().replace('\\', '/'), pub));
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(ours).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .httpPort(0)
                        .serverName("sys-test")
                        .build())
                .start();
        TARGETS.add(new Target("broker", broker.clientUrl(), broker.httpPort(), broker));
        if (Files.isExecutable(Path.of(REFERENCE))) {
            Path ref = dir.resolve("ref.conf");
            Files.writeString(ref, CONFIG.formatted(dir.resolve("ref-store").toString(), pub));
            int port = freePort();
            int http = freePort();
            Process p = new ProcessBuilder(
                            REFERENCE,
                            "-c",
                            ref.toString(),
                            "-a",
                            "127.0.0.1",
                            "-p",
                            "" + port,
                            "-m",
                            "" + http,
                            "-n",
                            "sys-test")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ref.log").toFile())
                    .start();
            String url = "nats://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                connect(url, "sys").close();
                return true;
            });
            TARGETS.add(new Target("nats-server", url, http, () -> {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Target t : TARGETS) {
            t.stop().close();
        }
        TARGETS.clear();
    }

    private static Map<String, Object> onEach(Scenario scenario) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (Target t : TARGETS) {
            seen.put(t.name(), scenario.run(t));
        }
        return seen;
    }

    @FunctionalInterface
    interface Scenario {
        Object run(Target t) throws Exception;
    }

    /** Every target observed the same. */
    private static void assertSame(Map<String, Object> seen) {
        Object ours = seen.get("broker");
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(ours));
    }

    @Test
    void systemRequestsAreAnsweredWithNatsServersShapes() throws Exception {
        List<String> subjects = List.of(
                "$SYS.REQ.SERVER.PING",
                "$SYS.REQ.SERVER.PING.IDZ",
                "$SYS.REQ.SERVER.PING.STATSZ",
                "$SYS.REQ.SERVER.PING.VARZ",
                "$SYS.REQ.SERVER.PING.CONNZ",
                "$SYS.REQ.SERVER.PING.SUBSZ",
                "$SYS.REQ.SERVER.PING.JSZ",
                "$SYS.REQ.SERVER.PING.HEALTHZ",
                "$SYS.REQ.SERVER.PING.ACCOUNTZ",
                "$SYS.REQ.SERVER.<id>.VARZ",
                "$SYS.REQ.SERVER.<id>.CONNZ",
                "$SYS.REQ.SERVER.<id>.HEALTHZ",
                "$SYS.REQ.SERVER.<id>.IDZ",
                "$SYS.REQ.ACCOUNT.A.CONNZ",
                "$SYS.REQ.ACCOUNT.A.SUBSZ",
                "$SYS.REQ.ACCOUNT.A.INFO",
                "$SYS.REQ.ACCOUNT.A.JSZ",
                "$SYS.REQ.ACCOUNT.B.JSZ",
                "$SYS.REQ.ACCOUNT.NOPE.INFO",
                "$SYS.REQ.ACCOUNT.SYS.STATZ",
                "$SYS.REQ.ACCOUNT.B.STATZ",
                "$SYS.REQ.ACCOUNT.SYS.CONNS",
                "$SYS.REQ.ACCOUNT.PING.STATZ");
        Map<String, Map<String, JsonNode>> answers = new LinkedHashMap<>();
        Map<String, Object> seen = onEach(t -> {
            Map<String, JsonNode> byTarget = new LinkedHashMap<>();
            List<String> outcome = new ArrayList<>();
            try (Connection sys = connect(t.url(), "sys")) {
                String id = sys.getServerInfo().getServerId();
                for (String s : subjects) {
                    String subject = s.replace("<id>", id);
                    JsonNode answer = request(sys, subject, null);
                    outcome.add(s + " -> " + (answer == null ? "no answer" : "answered"));
                    if (answer != null) {
                        byTarget.put(s, answer);
                    }
                }
                JsonNode withSubs = request(sys, "$SYS.REQ.SERVER.PING.CONNZ", "{\"subscriptions\":true}");
                byTarget.put("CONNZ subscriptions", withSubs);
                JsonNode bad = request(sys, "$SYS.REQ.SERVER.PING.VARZ", "not json");
                outcome.add("bad body -> " + bad.get("error").get("code").asInt());
                JsonNode filtered = request(sys, "$SYS.REQ.SERVER.PING.VARZ", "{\"server_name\":\"other\"}");
                outcome.add("filtered -> " + (filtered == null ? "no answer" : "answered"));
            }
            answers.put(t.name(), byTarget);
            return outcome;
        });
        assertSame(seen);
        assertThat(seen.get("broker").toString())
                .contains("$SYS.REQ.SERVER.PING -> answered", "bad body -> 400", "filtered -> no answer");
        Map<String, JsonNode> ours = answers.get("broker");
        assertThat(ours.get("$SYS.REQ.SERVER.PING").has("statsz")).isTrue();
        assertThat(ours.get("$SYS.REQ.ACCOUNT.NOPE.INFO").get("error").toString())
                .isEqualTo("{\"code\":500,\"description\":\"Account NOPE does not exist\"}");
        assertThat(ours.get("$SYS.REQ.ACCOUNT.B.JSZ")
                        .get("error")
                        .get("description")
                        .asString())
                .isEqualTo("account \"B\" not jetstream enabled");
        assertThat(ours.get("CONNZ subscriptions")
                        .get("data")
                        .get("connections")
                        .get(0)
                        .has("subscriptions_list"))
                .isTrue();
        Map<String, JsonNode> ref = answers.get("nats-server");
        if (ref == null) {
            return;
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : ours.entrySet()) {
            JsonNode theirs = ref.get(e.getKey());
            assertThat(theirs).as(e.getKey()).isNotNull();
            shapeWithin(e.getKey(), e.getValue(), theirs, differences);
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void otherAccountsReachOnlyTheirOwnConnzAndStatz() throws Exception {
        List<String> subjects = List.of(
                "$SYS.REQ.SERVER.PING",
                "$SYS.REQ.SERVER.PING.VARZ",
                "$SYS.REQ.SERVER.PING.IDZ",
                "$SYS.REQ.SERVER.PING.STATSZ",
                "$SYS.REQ.ACCOUNT.A.INFO",
                "$SYS.REQ.SERVER.PING.CONNZ",
                "$SYS.REQ.ACCOUNT.PING.CONNZ",
                "$SYS.REQ.ACCOUNT.PING.STATZ");
        assertSame(onEach(t -> {
            Map<String, String> outcome = new TreeMap<>();
            try (Connection a = connect(t.url(), "a");
                    Connection a2 = connect(t.url(), "a");
                    Connection g = connect(t.url(), "g")) {
                for (Connection c : List.of(a, g)) {
                    String who = c == a ? "A " : "$G ";
                    for (String s : subjects) {
                        outcome.put(who + s, outcomeOf(c, s));
                    }
                }
            }
            return outcome;
        }));
    }

    @Test
    void connectDisconnectAndAuthErrorEvents() throws Exception {
        assertSame(onEach(t -> {
            List<String> observed = new ArrayList<>();
            try (Connection sys = connect(t.url(), "sys")) {
                String id = sys.getServerInfo().getServerId();
                Subscription events = sys.subscribe("$SYS.ACCOUNT.>");
                Subscription authErrors = sys.subscribe("$SYS.SERVER.*.CLIENT.AUTH.ERR");
                sys.flush(WAIT);
                try (Connection a = Nats.connect(Options.builder()
                        .server(t.url())
                        .userInfo("a", "a")
                        .connectionName("watched")
                        .build())) {
                    a.publish("x", new byte[3]);
                    a.flush(WAIT);
                }
                try {
                    connectOnce(t.url(), "a", "wrong");
                } catch (Exception expected) {
                    // refused
                }
                Map<String, JsonNode> bySubject = new TreeMap<>();
                for (Subscription s : List.of(events, authErrors)) {
                    for (int i = 0; i < 6; i++) {
                        Message m = s.nextMessage(s == events ? Duration.ofSeconds(2) : Duration.ofMillis(500));
                        if (m == null) {
                            break;
                        }
                        String subject = m.getSubject().replace(id, "<id>");
                        JsonNode event = JSON.readTree(m.getData());
                        if (subject.endsWith(".SERVER.CONNS")) {
                            subject += " conns=" + event.get("conns").asInt();
                        }
                        bySubject.put(subject, event);
                    }
                }
                for (Map.Entry<String, JsonNode> e : bySubject.entrySet()) {
                    JsonNode ev = e.getValue();
                    StringBuilder b = new StringBuilder(e.getKey())
                            .append(" type=")
                            .append(ev.get("type").asString());
                    if (ev.has("client")) {
                        JsonNode c = ev.get("client");
                        b.append(" acc=").append(c.get("acc").asString());
                        b.append(" user=").append(c.get("user").asString());
                        b.append(" client-keys=").append(keys(c, Set.of()));
                    }
                    if (ev.has("reason")) {
                        b.append(" reason=").append(ev.get("reason").asString());
                        b.append(" sent=").append(ev.get("sent").get("msgs").asLong());
                    }
                    b.append(" keys=").append(keys(ev, Set.of()));
                    observed.add(b.toString());
                }
            }
            return observed;
        }));
    }

    @Test
    void accstatzAsNatsServer() throws Exception {
        assertSame(onEach(t -> {
            try (Connection b = connect(t.url(), "b")) {
                io.nats.client.Subscription sub = b.subscribe("acc.x");
                for (int i = 0; i < 3; i++) {
                    b.publish("acc.x", "abcd".getBytes(StandardCharsets.UTF_8));
                }
                for (int i = 0; i < 3; i++) {
                    assertThat(sub.nextMessage(WAIT)).isNotNull();
                }
                b.flush(WAIT);
                List<String> seen = new ArrayList<>();
                JsonNode used = JSON.readTree(get(t, "/accstatz").body());
                seen.add("top " + String.join(",", used.propertyNames()));
                JsonNode list = used.get("account_statz");
                for (JsonNode a : list) {
                    if (!"B".equals(a.get("acc").asString())) {
                        seen.add("other " + a.get("acc").asString() + " conns " + a.get("conns"));
                        continue;
                    }
                    seen.add("keys " + String.join(",", a.propertyNames()) + " sent "
                            + String.join(",", a.get("sent").propertyNames()));
                    for (String k : new String[] {"name", "conns", "leafnodes", "total_conns", "slow_consumers"}) {
                        seen.add(k + "=" + a.get(k));
                    }
                    seen.add("sent " + a.at("/sent/msgs") + "/" + a.at("/sent/bytes") + " leafs "
                            + a.at("/sent/leafs/msgs"));
                    seen.add("received " + a.at("/received/msgs") + "/" + a.at("/received/bytes"));
                }
                Set<String> unused = new TreeSet<>();
                for (JsonNode a :
                        JSON.readTree(get(t, "/accstatz?unused=true").body()).get("account_statz")) {
                    unused.add(a.get("acc").asString());
                }
                seen.add("unused " + unused);
                return seen;
            }
        }));
    }

    @Test
    void accstatzKeepsTheAccountTotalsAfterItsConnectionsClose() throws Exception {
        assertSame(onEach(t -> {
            List<String> seen = new ArrayList<>();
            long[] before = totals(t, "B");
            try (Connection b = connect(t.url(), "b")) {
                io.nats.client.Subscription sub = b.subscribe("tot.x");
                for (int i = 0; i < 5; i++) {
                    b.publish("tot.x", "abcdefgh".getBytes(StandardCharsets.UTF_8));
                }
                for (int i = 0; i < 5; i++) {
                    assertThat(sub.nextMessage(WAIT)).isNotNull();
                }
                b.flush(WAIT);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !listed(t, "/accstatz", "B"));
            seen.add("listed without unused " + listed(t, "/accstatz", "B"));
            long[] after = totals(t, "B");
            seen.add("delta sent " + (after[0] - before[0]) + "/" + (after[1] - before[1]) + " received "
                    + (after[2] - before[2]) + "/" + (after[3] - before[3]) + " conns " + after[4]);
            try (Connection sys = connect(t.url(), "sys")) {
                JsonNode statz = request(sys, "$SYS.REQ.ACCOUNT.B.STATZ", "{\"include_unused\":true}");
                JsonNode b = statz.get("data").get("account_statz").get(0);
                seen.add("STATZ received " + (b.at("/received/msgs").asLong() - before[2]) + " sent "
                        + (b.at("/sent/msgs").asLong() - before[0]));
            }
            return seen;
        }));
    }

    /** Account {@code acc}'s sent msgs/bytes, received msgs/bytes and conns in {@code /accstatz?unused=true}. */
    private static long[] totals(Target t, String acc) throws Exception {
        for (JsonNode a : JSON.readTree(get(t, "/accstatz?unused=true").body()).get("account_statz")) {
            if (acc.equals(a.get("acc").asString())) {
                return new long[] {
                    a.at("/sent/msgs").asLong(),
                    a.at("/sent/bytes").asLong(),
                    a.at("/received/msgs").asLong(),
                    a.at("/received/bytes").asLong(),
                    a.get("conns").asLong()
                };
            }
        }
        throw new AssertionError(acc + " not in /accstatz?unused=true");
    }

    private static boolean listed(Target t, String path, String acc) throws Exception {
        for (JsonNode a : JSON.readTree(get(t, path).body()).get("account_statz")) {
            if (acc.equals(a.get("acc").asString())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void featureFlagsInTheServerIdentityAndVarzAsNatsServer() throws Exception {
        Map<String, Object> seen = onEach(t -> {
            List<String> observed = new ArrayList<>();
            try (Connection sys = connect(t.url(), "sys")) {
                JsonNode ping = request(sys, "$SYS.REQ.SERVER.PING", null);
                observed.add(
                        "identity keys " + String.join(",", ping.get("server").propertyNames()));
                observed.add("identity flags " + ping.get("server").get("feature_flags"));
                JsonNode varz = request(sys, "$SYS.REQ.SERVER.PING.VARZ", null);
                observed.add("varz request flags " + varz.get("data").get("feature_flags"));
            }
            JsonNode varz = JSON.readTree(get(t, "/varz").body());
            observed.add("varz flags " + varz.get("feature_flags"));
            List<String> keys = new ArrayList<>();
            varz.propertyNames().forEach(keys::add);
            observed.add("varz: feature_flags before system_account "
                    + (keys.indexOf("feature_flags") < keys.indexOf("system_account")));
            return observed;
        });
        assertSame(seen);
        assertThat(seen.get("broker").toString()).contains("\"js_raft_delete_range\":true");
    }

    @Test
    void accountzOfAnUnknownAccountAndAnNkeyUserInConnz() throws Exception {
        assertSame(onEach(t -> {
            HttpResponse<String> unknown = get(t, "/accountz?acc=NOPE");
            String summary = unknown.statusCode() + " " + unknown.body();
            Options o = Options.builder()
                    .server(t.url())
                    .authHandler(Nats.staticCredentials(null, nkeyUser.getSeed()))
                    .build();
            try (Connection n = Nats.connect(o)) {
                n.flush(WAIT);
                JsonNode plain = JSON.readTree(get(t, "/connz").body())
                        .get("connections")
                        .get(0);
                JsonNode auth = JSON.readTree(get(t, "/connz?auth=1").body())
                        .get("connections")
                        .get(0);
                return List.of(
                        summary,
                        "plain has user: " + plain.has("authorized_user") + " nkey: " + plain.has("nkey"),
                        "rtt is a Go duration: " + plain.get("rtt").asString().matches("[0-9.]+(ns|µs|ms|s)"),
                        "auth user: "
                                + auth.get("authorized_user").asString().equals(new String(nkeyUser.getPublicKey()))
                                + " account: " + auth.get("account").asString()
                                + " nkey: " + auth.has("nkey"));
            }
        }));
    }

    @Test
    void usersOnlyInTheSystemAccountLeaveTheGlobalAccountOpen() throws Exception {
        String conf = "jetstream { store_dir: \"%s\" }\n"
                + "accounts { SYS: { users: [ {user: sys, password: sys} ] } }\nsystem_account: SYS\n";
        List<String> seen = new ArrayList<>();
        Path file = dir.resolve("sysonly.conf");
        Files.writeString(
                file, conf.formatted(dir.resolve("sysonly-ours").toString().replace('\\', '/')));
        try (NatsBroker broker = new NatsBroker(BrokerConfigFile.load(file).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start()) {
            seen.add(openAndSys(broker.clientUrl()));
        }
        if (Files.isExecutable(Path.of(REFERENCE))) {
            int port = freePort();
            Files.writeString(
                    file, conf.formatted(dir.resolve("sysonly-ref").toString().replace('\\', '/')));
            Process p = new ProcessBuilder(REFERENCE, "-c", file.toString(), "-a", "127.0.0.1", "-p", "" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sysonly.log").toFile())
                    .start();
            try {
                String url = "nats://127.0.0.1:" + port;
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                    connect(url, "sys").close();
                    return true;
                });
                seen.add(openAndSys(url));
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(seen)
                .allSatisfy(s -> assertThat(s)
                        .isEqualTo("anonymous ping: no responders, sys ping: answered, $G JetStream: true"));
    }

    private static String openAndSys(String url) throws Exception {
        try (Connection anonymous = Nats.connect(Options.builder().server(url).build());
                Connection sys = connect(url, "sys")) {
            String anonymousOutcome = outcomeOf(anonymous, "$SYS.REQ.SERVER.PING");
            String sysOutcome = outcomeOf(sys, "$SYS.REQ.SERVER.PING");
            boolean jetStream;
            try {
                anonymous.jetStreamManagement().getAccountStatistics();
                jetStream = true;
            } catch (Exception e) {
                jetStream = false;
            }
            return "anonymous ping: " + anonymousOutcome + ", sys ping: " + sysOutcome + ", $G JetStream: " + jetStream;
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Collects where the keys of {@code ours} are not a subset of {@code theirs}, recursively into objects (and the
     * first element of arrays) present in both; the server identity must have exactly nats-server's keys.
     */
    private static void shapeWithin(String where, JsonNode ours, JsonNode theirs, List<String> differences) {
        if (!ours.isObject() || !theirs.isObject()) {
            return;
        }
        Set<String> extra = keys(ours, Set.of());
        extra.removeAll(keys(theirs, Set.of()));
        if (!extra.isEmpty()) {
            differences.add(where + ": " + extra + " not in nats-server's " + keys(theirs, Set.of()));
        }
        for (String k : keys(ours, Set.of())) {
            JsonNode o = ours.get(k);
            JsonNode r = theirs.get(k);
            if (k.equals("server")) {
                if (!keys(o, Set.of()).equals(keys(r, NEWER_SERVER_KEYS))) {
                    differences.add(where + ": server identity " + keys(o, Set.of()) + " vs " + keys(r, Set.of()));
                }
            } else if (o.isObject() && r != null && r.isObject()) {
                shapeWithin(where + "/" + k, o, r, differences);
            } else if (o.isArray() && r != null && r.isArray() && !o.isEmpty() && !r.isEmpty()) {
                shapeWithin(where + "/" + k + "[0]", o.get(0), r.get(0), differences);
            }
        }
    }

    private static Set<String> keys(JsonNode n, Set<String> except) {
        Set<String> r = new TreeSet<>();
        for (Iterator<String> it = n.propertyNames().iterator(); it.hasNext(); ) {
            String k = it.next();
            if (!except.contains(k)) {
                r.add(k);
            }
        }
        return r;
    }

    /** The answer's JSON, or {@code null} when none came within a second. */
    private static JsonNode request(Connection c, String subject, String body) throws Exception {
        try {
            Message m = c.request(subject, body == null ? null : body.getBytes(StandardCharsets.UTF_8))
                    .get(1500, TimeUnit.MILLISECONDS);
            return JSON.readTree(m.getData());
        } catch (TimeoutException e) {
            return null;
        }
    }

    private static String outcomeOf(Connection c, String subject) throws Exception {
        try {
            Message m = c.request(subject, null).get(1500, TimeUnit.MILLISECONDS);
            JsonNode j = JSON.readTree(m.getData());
            if (j.has("data") && j.get("data").has("num_connections")) {
                return "answered, connections "
                        + j.get("data").get("num_connections").asInt();
            }
            if (j.has("data") && j.get("data").has("account_statz")) {
                JsonNode list = j.get("data").get("account_statz");
                return "answered, statz of " + list.get(0).get("acc").asString() + " (" + list.size() + ")";
            }
            return "answered";
        } catch (CancellationException | ExecutionException e) {
            return "no responders";
        } catch (TimeoutException e) {
            return "no answer";
        }
    }

    private static HttpResponse<String> get(Target t, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.httpPort() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Connection connect(String url, String user) throws Exception {
        return Nats.connect(Options.builder().server(url).userInfo(user, user).build());
    }

    /** One login; a refusal is known from the server's -ERR (jnats would wait out its connection timeout). */
    private static void connectOnce(String url, String user, String password) throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        String outcome = JnatsLogin.outcome(
                () -> Nats.connect(Options.builder()
                        .server(url)
                        .userInfo(user, password)
                        .maxReconnects(0)
                        .noReconnect()
                        .errorListener(new ErrorListener() {
                            @Override
                            public void errorOccurred(Connection conn, String error) {
                                errors.add(error);
                            }
                        })
                        .build()),
                errors,
                Duration.ofSeconds(10));
        if (!outcome.equals("ok")) {
            throw new java.io.IOException(outcome);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
