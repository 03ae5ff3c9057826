package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload of an existing account's imports, mappings, JetStream limits and {@code limits} (connections,
 * subscriptions, payload), through jnats, on this broker
 * ({@link NatsBroker#reload} with the file read again, what {@code SIGHUP} does) and on {@code nats-server} 2.15.1
 * ({@code SIGHUP}), asserting the same transcript: later publishes follow the new imports and mappings, a removed
 * import stops delivering, new limits apply to later requests, and the clients stay connected.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountReloadDifferentialTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void reference() {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not installed at " + ReferenceNatsServer.BINARY);
    }

    private static String accounts(String aExtra, String bExtra) {
        return "accounts {\n"
                + "  A { users = [ { user: a, password: pa } ]\n    exports = [ { stream: \"news.>\" } ]\n" + aExtra
                + "  }\n"
                + "  B { users = [ { user: b, password: pb } ]\n" + bExtra + "  }\n"
                + "}\n";
    }

    private static final String IMPORT = "    imports = [ { stream: { account: A, subject: \"news.>\" } } ]\n";
    private static final String MAPPING = "    mappings = { \"old.x\": \"news.x\" }\n";

    @Test
    void importsAndMappingsAddedAndRemovedApplyToLaterPublishes() throws Exception {
        String first = accounts("", "");
        String second = accounts(MAPPING, IMPORT);
        String third = accounts(MAPPING, "");
        String outcome = sameOnBoth(first, (url, reload) -> {
            List<String> events = new ArrayList<>();
            try (Connection a = connect(url, "a", "pa", events);
                    Connection b = connect(url, "b", "pb", events)) {
                Subscription sub = b.subscribe("news.>");
                b.flush(Duration.ofSeconds(3));
                StringBuilder out = new StringBuilder();
                a.publish("news.1", bytes("1"));
                a.flush(Duration.ofSeconds(3));
                out.append("before: ").append(next(sub));
                out.append(" | reload ").append(reload.apply(second));
                a.publish("news.2", bytes("2"));
                a.publish("old.x", bytes("3"));
                a.flush(Duration.ofSeconds(3));
                out.append(" | imported: ").append(next(sub)).append(", ").append(next(sub));
                out.append(" | reload ").append(reload.apply(third));
                a.publish("news.4", bytes("4"));
                a.flush(Duration.ofSeconds(3));
                b.flush(Duration.ofSeconds(3));
                out.append(" | removed: ").append(next(sub));
                return out + " | a " + a.getStatus() + " b " + b.getStatus() + " events " + events;
            }
        });
        assertThat(outcome)
                .isEqualTo("before: none | reload ok | imported: news.2=2, news.x=3 | reload ok | removed: none"
                        + " | a CONNECTED b CONNECTED events [a:CONNECTED, b:CONNECTED]");
    }

    @Test
    void changedJetStreamLimitsApplyToLaterRequests() throws Exception {
        String js = "jetstream { store_dir: \"@JS@\" }\n";
        String one = js + accounts("    jetstream { max_streams: 1 }\n", "");
        String two = js + accounts("    jetstream { max_streams: 2 }\n", "");
        String outcome = sameOnBoth(one, (url, reload) -> {
            List<String> events = new ArrayList<>();
            try (Connection a = connect(url, "a", "pa", events)) {
                JetStreamManagement jsm = a.jetStreamManagement();
                StringBuilder out = new StringBuilder();
                out.append("s1 ").append(create(jsm, "S1"));
                out.append(" | s2 ").append(create(jsm, "S2"));
                out.append(" | reload ").append(reload.apply(two));
                out.append(" | s2 ").append(create(jsm, "S2"));
                out.append(" | s3 ").append(create(jsm, "S3"));
                out.append(" | max ")
                        .append(jsm.getAccountStatistics().getLimits().getMaxStreams());
                jsm.deleteStream("S1");
                jsm.deleteStream("S2");
                return out + " | a " + a.getStatus() + " events " + events;
            }
        });
        assertThat(outcome).startsWith("s1 created | s2 10027 ").contains("| reload ok | s2 created | s3 10027 ");
    }

    @Test
    void jetStreamEnabledForAnAccountByAReload() throws Exception {
        String js = "jetstream { store_dir: \"@JS@\" }\n";
        String off = js + accounts("", "");
        String on = js + accounts("    jetstream: enabled\n", "");
        String outcome = sameOnBoth(off, (url, reload) -> {
            List<String> events = new ArrayList<>();
            try (Connection a = connect(url, "a", "pa", events)) {
                JetStreamManagement jsm = a.jetStreamManagement();
                StringBuilder out = new StringBuilder();
                out.append("off ").append(create(jsm, "S1"));
                out.append(" | reload ").append(reload.apply(on));
                out.append(" | on ").append(create(jsm, "S1"));
                jsm.deleteStream("S1");
                return out + " | a " + a.getStatus();
            }
        });
        assertThat(outcome).startsWith("off 10039 ").contains("| reload ok | on created | a CONNECTED");
    }

    @Test
    void aLoweredMaxPayloadAppliesToEstablishedConnectionsWithoutANewInfo() throws Exception {
        String outcome = sameOnBoth("max_payload: 1000\n", (url, reload) -> {
            List<String> errors = new ArrayList<>();
            try (Connection c = Nats.connect(new Options.Builder()
                    .server(url)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .maxReconnects(0)
                    .errorListener(new io.nats.client.ErrorListener() {
                        @Override
                        public void errorOccurred(Connection conn, String error) {
                            synchronized (errors) {
                                errors.add(error);
                            }
                        }
                    })
                    .build())) {
                String result = "reload " + reload.apply("max_payload: 100\n");
                result += " | client sees " + c.getMaxPayload();
                c.publish("big", new byte[500]);
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> c.getStatus() == Connection.Status.CLOSED);
                synchronized (errors) {
                    return result + " | errors " + errors + " | " + c.getStatus();
                }
            }
        });
        assertThat(outcome).contains("client sees 1000").contains("Maximum Payload Violation");
    }

    private static String limited(String limits) {
        return "accounts {\n  A { users = [ { user: a, password: pa } ]\n    limits { " + limits + " }\n  }\n}\n";
    }

    @Test
    void aLoweredAccountMaxConnectionsClosesTheConnectionsBeyondIt() throws Exception {
        String outcome = sameOnBoth(limited("max_connections: 3"), (url, reload) -> {
            List<String> errors = new ArrayList<>();
            List<Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    open.add(connect(url, "a", "pa", new ArrayList<>(), errors));
                }
                StringBuilder out = new StringBuilder("reload ").append(reload.apply(limited("max_connections: 1")));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> closed(open) == 2);
                out.append(" | closed ").append(closed(open));
                synchronized (errors) {
                    out.append(" | errors ").append(errors);
                }
                out.append(" | 4th ").append(tryConnect(url, open));
                out.append(" | reload ").append(reload.apply(limited("max_connections: 2")));
                out.append(" | 5th ").append(tryConnect(url, open));
                out.append(" | 6th ").append(tryConnect(url, open));
                return out.toString();
            } finally {
                for (Connection c : open) {
                    c.close();
                }
            }
        });
        assertThat(outcome)
                .startsWith("reload ok | closed 2 | errors [maximum account active connections exceeded, maximum"
                        + " account active connections exceeded] | 4th refused")
                .contains("| reload ok | 5th CONNECTED | 6th refused");
    }

    @Test
    void aClientDroppedByTheReloadNoLongerCountsAgainstALoweredMaxConnections() throws Exception {
        String two = "accounts {\n  A { users = [ { user: a, password: pa }, { user: a2, password: pa2 } ]\n"
                + "    limits { max_connections: 3 }\n  }\n}\n";
        String one = "accounts {\n  A { users = [ { user: a, password: pa } ]\n"
                + "    limits { max_connections: 2 }\n  }\n}\n";
        String outcome = sameOnBoth(two, (url, reload) -> {
            List<String> errors = new ArrayList<>();
            List<Connection> kept = new ArrayList<>();
            try (Connection dropped = connect(url, "a2", "pa2", new ArrayList<>(), errors)) {
                for (int i = 0; i < 2; i++) {
                    kept.add(connect(url, "a", "pa", new ArrayList<>(), errors));
                }
                String out = "reload " + reload.apply(one);
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> dropped.getStatus() == Connection.Status.CLOSED);
                for (Connection c : kept) {
                    c.flush(Duration.ofSeconds(3));
                }
                synchronized (errors) {
                    return out + " | dropped " + dropped.getStatus() + " | kept " + (kept.size() - closed(kept))
                            + " | errors " + errors;
                }
            } finally {
                for (Connection c : kept) {
                    c.close();
                }
            }
        });
        assertThat(outcome).isEqualTo("reload ok | dropped CLOSED | kept 2 | errors []");
    }

    @Test
    void changedAccountMaxSubscriptionsApplyToLaterSubscriptions() throws Exception {
        String outcome = sameOnBoth(limited("max_subscriptions: 5"), (url, reload) -> {
            List<String> errors1 = new ArrayList<>();
            List<String> errors2 = new ArrayList<>();
            try (Connection c1 = connect(url, "a", "pa", new ArrayList<>(), errors1);
                    Connection c2 = connect(url, "a", "pa", new ArrayList<>(), errors2)) {
                for (int i = 0; i < 2; i++) {
                    c1.subscribe("s." + i);
                }
                Subscription first = c2.subscribe("t.0");
                c1.flush(Duration.ofSeconds(3));
                c2.flush(Duration.ofSeconds(3));
                StringBuilder out = new StringBuilder("reload ").append(reload.apply(limited("max_subscriptions: 2")));
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> c1.getStatus() == Connection.Status.CLOSED);
                synchronized (errors1) {
                    out.append(" | at the limit: ").append(errors1).append(' ').append(c1.getStatus());
                }
                Subscription second = c2.subscribe("t.1");
                Subscription refused = c2.subscribe("t.2");
                for (int i = 0; i < 3; i++) {
                    c2.publish("t." + i, bytes(String.valueOf(i)));
                }
                c2.flush(Duration.ofSeconds(3));
                out.append(" | below: ").append(next(first)).append(' ').append(next(second));
                out.append(" | over: ").append(next(refused));
                synchronized (errors2) {
                    out.append(" | errors ").append(errors2);
                }
                out.append(" | reload ").append(reload.apply(limited("max_subscriptions: 10")));
                Subscription later = c2.subscribe("t.3");
                c2.publish("t.3", bytes("3"));
                c2.flush(Duration.ofSeconds(3));
                out.append(" | later ").append(next(later));
                return out + " | " + c2.getStatus();
            }
        });
        assertThat(outcome)
                .isEqualTo("reload ok | at the limit: [maximum subscriptions exceeded] CLOSED | below: t.0=0 t.1=1"
                        + " | over: none | errors [maximum subscriptions exceeded] | reload ok | later t.3=3"
                        + " | CONNECTED");
    }

    @Test
    void aLoweredAccountMaxPayloadAppliesToEstablishedConnections() throws Exception {
        String outcome = sameOnBoth(limited("max_payload: 1000"), (url, reload) -> {
            List<String> errors = new ArrayList<>();
            try (Connection c = connect(url, "a", "pa", new ArrayList<>(), errors)) {
                String result = "reload " + reload.apply(limited("max_payload: 100"));
                result += " | client sees " + c.getMaxPayload();
                c.publish("big", new byte[500]);
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> c.getStatus() == Connection.Status.CLOSED);
                synchronized (errors) {
                    return result + " | errors " + errors + " | " + c.getStatus();
                }
            }
        });
        assertThat(outcome).contains("client sees 1000").contains("Maximum Payload Violation");
    }

    private static long closed(List<Connection> connections) {
        return connections.stream()
                .filter(c -> c.getStatus() == Connection.Status.CLOSED)
                .count();
    }

    private static String tryConnect(String url, List<Connection> open) {
        try {
            Connection c = connect(url, "a", "pa", new ArrayList<>(), new ArrayList<>());
            open.add(c);
            c.flush(Duration.ofSeconds(3));
            return c.getStatus().toString();
        } catch (Exception e) {
            return "refused";
        }
    }

    private static Connection connect(String url, String user, String pass, List<String> events, List<String> errors)
            throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .userInfo(user, pass)
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(0)
                .errorListener(new io.nats.client.ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        synchronized (errors) {
                            errors.add(error);
                        }
                    }
                })
                .connectionListener((conn, type) -> {
                    synchronized (events) {
                        events.add(user + ":" + type.name());
                    }
                })
                .build());
    }

    private static String create(JetStreamManagement jsm, String name) throws Exception {
        try {
            jsm.addStream(StreamConfiguration.builder()
                    .name(name)
                    .subjects(name.toLowerCase())
                    .storageType(StorageType.Memory)
                    .build());
            return "created";
        } catch (JetStreamApiException e) {
            return e.getApiErrorCode() + " " + e.getErrorDescription();
        }
    }

    private static Connection connect(String url, String user, String pass, List<String> events) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .userInfo(user, pass)
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(0)
                .connectionListener((conn, type) -> {
                    synchronized (events) {
                        events.add(user + ":" + type.name());
                    }
                })
                .build());
    }

    private static String next(Subscription sub) throws InterruptedException {
        Message m = sub.nextMessage(Duration.ofMillis(700));
        return m == null ? "none" : m.getSubject() + "=" + new String(m.getData(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    interface Reloader {
        String apply(String newConfiguration) throws Exception;
    }

    @FunctionalInterface
    interface Scenario {
        String run(String url, Reloader reload) throws Exception;
    }

    /**
     * The scenario on this broker and on nats-server at the same time (each side has its own file, store and port):
     * a refused connection costs jnats its whole connection timeout, one side after the other they added up.
     */
    private String sameOnBoth(String conf, Scenario scenario) throws Exception {
        ExecutorService sides = Executors.newFixedThreadPool(2);
        try {
            Future<String> ours = sides.submit(() -> onOurs(conf, scenario));
            Future<String> theirs = sides.submit(() -> onReference(conf, scenario));
            String oursOutcome = outcome(ours);
            assertThat(oursOutcome)
                    .as("this broker (expected: nats-server's outcome)")
                    .isEqualTo(outcome(theirs));
            return oursOutcome;
        } finally {
            sides.shutdownNow();
        }
    }

    private static String outcome(Future<String> side) throws Exception {
        try {
            return side.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private String onOurs(String conf, Scenario scenario) throws Exception {
        Path file = dir.resolve("server-ours.conf");
        String oursDir = dir.resolve("js-ours").toString().replace('\\', '/');
        Files.writeString(file, conf.replace("@JS@", oursDir));
        try (NatsBroker broker = new NatsBroker(fileOptions(file)).start()) {
            return scenario.run("nats://127.0.0.1:" + broker.port(), newConf -> {
                Files.writeString(file, newConf.replace("@JS@", oursDir));
                try {
                    broker.reload(fileOptions(file));
                    return "ok";
                } catch (RuntimeException e) {
                    return "refused: " + e.getMessage();
                }
            });
        }
    }

    private String onReference(String conf, Scenario scenario) throws Exception {
        Path file = dir.resolve("server-ref.conf");
        String refDir = dir.resolve("js-ref").toString().replace('\\', '/');
        Files.writeString(file, conf.replace("@JS@", refDir));
        try (ReferenceNatsServer server =
                ReferenceNatsServer.start(dir.resolve("ref"), List.of("-c", file.toString()))) {
            return scenario.run(server.url(), newConf -> {
                Files.writeString(file, newConf.replace("@JS@", refDir));
                return server.reload();
            });
        }
    }

    private static BrokerOptions fileOptions(Path file) {
        return BrokerConfigFile.load(file, name -> null).options().toBuilder()
                .host("127.0.0.1")
                .port(0)
                .build();
    }
}
