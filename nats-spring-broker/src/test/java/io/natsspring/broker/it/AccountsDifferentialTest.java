package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.AccountLimits;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Accounts, through jnats, on this broker and on {@code nats-server} 2.15 started from the same configuration file:
 * isolation of subjects and JetStream, service imports (remapped, {@code _R_} replies, stream responses), stream
 * imports with a prefix, restricted exports, subject mappings (plain and weighted), per-account JetStream limits
 * and their error codes, and another account's JetStream API imported under {@code $JS.A.API}. Every scenario runs
 * on both servers and must observe the same. Without the reference binary ({@code $NATS_SERVER_215_BIN} or
 * {@code /opt/nats/2.15.1/usr/sbin/nats-server}) only this broker is tested.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountsDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final Duration WAIT = Duration.ofSeconds(3);

    private static final String CONFIG = """
            jetstream { store_dir: "%s" }
            accounts {
              A: {
                users: [ {user: a, password: a} ]
                jetstream: enabled
                exports: [
                  {service: "svc.>"}
                  {service: "multi.>", response_type: stream}
                  {stream: "ev.>"}
                  {stream: "secret.>", accounts: [C]}
                  {service: "$JS.API.>"}
                ]
                mappings: {
                  "map.in": "map.out"
                  "tok.*.*": "tok.$2.$1"
                  "w.in": [ {destination: "w.a", weight: 50%%}, {destination: "w.b", weight: 50%%} ]
                }
              }
              B: {
                users: [ {user: b, password: b} ]
                jetstream: { max_mem: 1MB, max_file: 10MB, max_streams: 1, max_consumers: 1 }
                imports: [
                  {service: {account: A, subject: "svc.>"}, to: "asvc.>"}
                  {service: {account: A, subject: "multi.>"}}
                  {stream: {account: A, subject: "ev.>"}, prefix: "fromA"}
                  {service: {account: A, subject: "$JS.API.>"}, to: "$JS.A.API.>"}
                ]
              }
              C: {
                users: [ {user: c, password: c} ]
                imports: [ {stream: {account: A, subject: "secret.>"}} ]
              }
            }
            """;

    @TempDir
    static Path dir;

    private static final List<Target> TARGETS = new ArrayList<>();

    record Target(String name, String url, AutoCloseable stop) {}

    @BeforeAll
    static void start() throws Exception {
        Path ours = dir.resolve("ours.conf");
        Files.writeString(
                ours, CONFIG.formatted(dir.resolve("ours-store").toString().replace('\\', '/')));
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(ours).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        TARGETS.add(new Target("broker", broker.clientUrl(), broker));
        if (Files.isExecutable(Path.of(REFERENCE))) {
            Path ref = dir.resolve("ref.conf");
            Files.writeString(ref, CONFIG.formatted(dir.resolve("ref-store").toString()));
            int port = freePort();
            Process p = new ProcessBuilder(REFERENCE, "-c", ref.toString(), "-a", "127.0.0.1", "-p", "" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ref.log").toFile())
                    .start();
            String url = "nats://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                connect(url, "a").close();
                return true;
            });
            System.out.println("AccountsDifferentialTest: reference nats-server " + REFERENCE + " on " + url);
            TARGETS.add(new Target("nats-server", url, () -> {
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

    /** Runs {@code scenario} on every target; the observations must be equal (and are returned, ours first). */
    private static List<Object> onEach(Scenario scenario) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (Target t : TARGETS) {
            seen.put(t.name(), scenario.run(t.url()));
        }
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
        return new ArrayList<>(seen.values());
    }

    @FunctionalInterface
    interface Scenario {
        Object run(String url) throws Exception;
    }

    @Test
    void sameSubjectInTwoAccountsNeverMeets() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection a = connect(url, "a");
                    Connection b = connect(url, "b")) {
                Subscription sa = a.subscribe("same.subject");
                Subscription sb = b.subscribe("same.subject");
                a.flush(WAIT);
                b.flush(WAIT);
                a.publish("same.subject", "from-a".getBytes(StandardCharsets.UTF_8));
                b.publish("same.subject", "from-b".getBytes(StandardCharsets.UTF_8));
                return List.of(texts(sa, 2), texts(sb, 2));
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of(List.of("from-a"), List.of("from-b")));
    }

    @Test
    void sameStreamNameInTwoAccountsIsTwoStreams() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection a = connect(url, "a");
                    Connection b = connect(url, "b")) {
                for (Connection c : List.of(a, b)) {
                    c.jetStreamManagement()
                            .addStream(StreamConfiguration.builder()
                                    .name("ISO")
                                    .subjects("iso.>")
                                    .storageType(StorageType.Memory)
                                    .build());
                }
                a.jetStream().publish("iso.1", new byte[1]);
                a.jetStream().publish("iso.2", new byte[1]);
                b.jetStream().publish("iso.1", new byte[1]);
                long inA = a.jetStreamManagement()
                        .getStreamInfo("ISO")
                        .getStreamState()
                        .getMsgCount();
                long inB = b.jetStreamManagement()
                        .getStreamInfo("ISO")
                        .getStreamState()
                        .getMsgCount();
                a.jetStreamManagement().deleteStream("ISO");
                b.jetStreamManagement().deleteStream("ISO");
                return List.of(inA, inB);
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of(2L, 1L));
    }

    @Test
    void serviceImportRemapsTheSubjectAndRoutesTheAnswerBack() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection a = connect(url, "a");
                    Connection b = connect(url, "b")) {
                List<String> seen = new CopyOnWriteArrayList<>();
                Dispatcher d = a.createDispatcher(m -> {
                    seen.add(m.getSubject() + " " + m.getReplyTo().startsWith("_R_."));
                    a.publish(m.getReplyTo(), ("re:" + new String(m.getData(), StandardCharsets.UTF_8)).getBytes());
                });
                d.subscribe("svc.>");
                a.flush(WAIT);
                Message answer = b.request("asvc.echo", "hi".getBytes(StandardCharsets.UTF_8), WAIT);
                return List.of(new String(answer.getData(), StandardCharsets.UTF_8), List.copyOf(seen));
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of("re:hi", List.of("svc.echo true")));
    }

    @Test
    void streamResponseTypeLetsSeveralAnswersThrough() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection a = connect(url, "a");
                    Connection b = connect(url, "b")) {
                Dispatcher d = a.createDispatcher(m -> {
                    for (int i = 0; i < 3; i++) {
                        a.publish(m.getReplyTo(), ("part" + i).getBytes(StandardCharsets.UTF_8));
                    }
                });
                d.subscribe("multi.>");
                a.flush(WAIT);
                Subscription inbox = b.subscribe("_INBOX.multi");
                b.publish("multi.x", "_INBOX.multi", new byte[0]);
                return texts(inbox, 3);
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of("part0", "part1", "part2"));
    }

    @Test
    void streamImportWithPrefixAndRestrictedExport() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection a = connect(url, "a");
                    Connection b = connect(url, "b");
                    Connection c = connect(url, "c")) {
                Subscription sb = b.subscribe("fromA.>");
                Subscription sbSecret = b.subscribe("secret.>");
                Subscription sc = c.subscribe("secret.>");
                b.flush(WAIT);
                c.flush(WAIT);
                a.publish("ev.one", "1".getBytes(StandardCharsets.UTF_8));
                a.publish("secret.two", "2".getBytes(StandardCharsets.UTF_8));
                return List.of(subjects(sb, 1), subjects(sbSecret, 1), subjects(sc, 1));
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of(List.of("fromA.ev.one"), List.of(), List.of("secret.two")));
    }

    @Test
    void subjectMappingsPlainWildcardAndWeighted() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection a = connect(url, "a")) {
                Subscription out = a.subscribe("map.out");
                Subscription tok = a.subscribe("tok.>");
                AtomicInteger wa = new AtomicInteger();
                AtomicInteger wb = new AtomicInteger();
                Dispatcher d = a.createDispatcher(m -> (m.getSubject().equals("w.a") ? wa : wb).incrementAndGet());
                d.subscribe("w.*");
                a.flush(WAIT);
                a.publish("map.in", new byte[0]);
                a.publish("tok.x.y", new byte[0]);
                for (int i = 0; i < 400; i++) {
                    a.publish("w.in", new byte[0]);
                }
                a.flush(WAIT);
                await().atMost(WAIT).until(() -> wa.get() + wb.get() == 400);
                return List.of(subjects(out, 1), subjects(tok, 1), wa.get() > 100 && wb.get() > 100);
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of(List.of("map.out"), List.of("tok.y.x"), true));
    }

    @Test
    void accountJetStreamLimitsAreReportedAndEnforced() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection b = connect(url, "b")) {
                JetStreamManagement jsm = b.jetStreamManagement();
                AccountLimits l = jsm.getAccountStatistics().getLimits();
                List<Object> seen = new ArrayList<>(
                        List.of(l.getMaxMemory(), l.getMaxStorage(), l.getMaxStreams(), l.getMaxConsumers()));
                jsm.addStream(StreamConfiguration.builder()
                        .name("L1")
                        .subjects("l1")
                        .storageType(StorageType.Memory)
                        .build());
                seen.add(errCode(() -> jsm.addStream(StreamConfiguration.builder()
                        .name("L2")
                        .subjects("l2")
                        .storageType(StorageType.Memory)
                        .build())));
                jsm.addOrUpdateConsumer(
                        "L1", ConsumerConfiguration.builder().durable("c1").build());
                seen.add(errCode(() -> jsm.addOrUpdateConsumer(
                        "L1", ConsumerConfiguration.builder().durable("c2").build())));
                jsm.deleteStream("L1");
                seen.add(errCode(() -> jsm.addStream(StreamConfiguration.builder()
                        .name("BIG")
                        .subjects("big")
                        .storageType(StorageType.Memory)
                        .maxBytes(2 * 1024 * 1024)
                        .build())));
                seen.add(errCode(() -> jsm.addStream(StreamConfiguration.builder()
                        .name("BIGF")
                        .subjects("bigf")
                        .storageType(StorageType.File)
                        .maxBytes(20 * 1024 * 1024)
                        .build())));
                return seen;
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of(1048576L, 10485760L, 1L, 1L, 10027, 10026, 10028, 10047));
    }

    @Test
    void anotherAccountsJetStreamApiUnderAnImportedPrefix() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection a = connect(url, "a");
                    Connection b = connect(url, "b")) {
                JetStreamManagement viaB = b.jetStreamManagement(
                        JetStreamOptions.builder().prefix("$JS.A.API").build());
                viaB.addStream(StreamConfiguration.builder()
                        .name("SHARED")
                        .subjects("shared.>")
                        .storageType(StorageType.Memory)
                        .build());
                a.jetStream().publish("shared.1", new byte[3]);
                long count = viaB.getStreamInfo("SHARED").getStreamState().getMsgCount();
                boolean inA = a.jetStreamManagement().getStreamNames().contains("SHARED");
                boolean inB = b.jetStreamManagement().getStreamNames().contains("SHARED");
                viaB.deleteStream("SHARED");
                return List.of(count, inA, inB);
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of(1L, true, false));
    }

    @Test
    void anAccountWithoutJetStreamGetsNotEnabledAnswers() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection c = connect(url, "c")) {
                List<String> answers = new ArrayList<>();
                for (String subject : List.of("$JS.API.INFO", "$JS.API.STREAM.NAMES", "$JS.API.STREAM.CREATE.X")) {
                    Message m = c.request(subject, "{}".getBytes(StandardCharsets.UTF_8), WAIT);
                    answers.add(new String(m.getData(), StandardCharsets.UTF_8));
                }
                return answers;
            }
        });
        assertThat(r.get(0).toString()).contains("\"err_code\":10039");
    }

    @Test
    void accountDirectoriesFollowNatsServersLayout() throws Exception {
        onEach(url -> {
            try (Connection a = connect(url, "a")) {
                a.jetStreamManagement()
                        .addStream(StreamConfiguration.builder()
                                .name("ONDISK")
                                .subjects("ondisk")
                                .storageType(StorageType.File)
                                .build());
                return true;
            }
        });
        assertThat(dir.resolve("ours-store")
                        .resolve("jetstream")
                        .resolve("A")
                        .resolve("streams")
                        .resolve("ONDISK"))
                .isDirectory();
        if (TARGETS.size() > 1) {
            assertThat(dir.resolve("ref-store/jetstream/A/streams/ONDISK")).isDirectory();
        }
    }

    interface Call {
        void run() throws Exception;
    }

    private static int errCode(Call call) throws Exception {
        try {
            call.run();
            return 0;
        } catch (JetStreamApiException e) {
            return e.getApiErrorCode();
        }
    }

    private static List<String> texts(Subscription s, int max) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (Message m : drain(s, max)) {
            out.add(new String(m.getData(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> subjects(Subscription s, int max) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (Message m : drain(s, max)) {
            out.add(m.getSubject());
        }
        return out;
    }

    /** Up to {@code max} messages: waits a second for each expected one, then briefly for strays. */
    private static List<Message> drain(Subscription s, int max) throws InterruptedException {
        List<Message> out = new ArrayList<>();
        Message m = s.nextMessage(Duration.ofSeconds(1));
        while (m != null) {
            out.add(m);
            m = s.nextMessage(out.size() >= max ? Duration.ofMillis(100) : Duration.ofSeconds(1));
        }
        return out;
    }

    private static Connection connect(String url, String user) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .userInfo(user, user)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
