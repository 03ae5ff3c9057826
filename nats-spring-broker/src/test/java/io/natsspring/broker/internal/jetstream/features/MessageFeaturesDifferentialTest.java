package io.natsspring.broker.internal.jetstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counters, atomic batch publish and message schedules (nats-server 2.12–2.14) on this broker and on
 * {@code nats-server} 2.15 side by side: the same config requests and publishes must get byte-identical answers
 * (PubAcks, empty staging replies, errors) and leave the same stored messages. Skipped without the reference binary.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MessageFeaturesDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path storeDir;

    private static DifferentialServers servers;
    private static ReferenceNatsServer reference;
    private static Connection ref;
    private static NatsBroker broker;
    private static Connection ours;

    @BeforeAll
    static void start() throws Exception {
        servers = DifferentialServers.start(storeDir);
        reference = servers.server();
        ref = servers.reference();
        broker = servers.broker();
        ours = servers.ours();
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void configRulesMatch() throws Exception {
        String[][] cases = {
            {"CREATE.K1", "{\"name\":\"K1\",\"allow_msg_counter\":true,\"discard\":\"new\"}"},
            {"CREATE.K1", "{\"name\":\"K1\",\"allow_msg_counter\":true,\"allow_msg_ttl\":true}"},
            {"CREATE.K1", "{\"name\":\"K1\",\"allow_msg_counter\":true,\"allow_msg_schedules\":true}"},
            {"CREATE.K1", "{\"name\":\"K1\",\"allow_msg_counter\":true,\"retention\":\"workqueue\"}"},
            {"CREATE.K1", "{\"name\":\"K1\",\"allow_msg_schedules\":true,\"discard\":\"new\"}"},
            {"CREATE.K1", "{\"name\":\"K1\",\"allow_msg_counter\":\"yes\"}"},
            {"CREATE.K1", "{\"name\":\"K1\",\"allow_atomic\":1}"},
            {"CREATE.K2", "{\"name\":\"K2\",\"mirror\":{\"name\":\"O\"},\"allow_msg_counter\":true}"},
            {"CREATE.K2", "{\"name\":\"K2\",\"mirror\":{\"name\":\"O\"},\"allow_atomic\":true}"},
            {"CREATE.K2", "{\"name\":\"K2\",\"mirror\":{\"name\":\"O\"},\"allow_msg_schedules\":true}"},
            {"CREATE.K2", "{\"name\":\"K2\",\"sources\":[{\"name\":\"O\"}],\"allow_msg_schedules\":true}"},
            {"CREATE.K3", "{\"name\":\"K3\",\"subjects\":[\"k3\"],\"allow_msg_counter\":true}"},
            {"UPDATE.K3", "{\"name\":\"K3\",\"subjects\":[\"k3\"],\"allow_msg_counter\":false}"},
            {"CREATE.K4", "{\"name\":\"K4\",\"subjects\":[\"k4\"]}"},
            {"UPDATE.K4", "{\"name\":\"K4\",\"subjects\":[\"k4\"],\"allow_msg_counter\":true}"},
            {"UPDATE.K4", "{\"name\":\"K4\",\"subjects\":[\"k4\"],\"allow_msg_schedules\":true}"},
            {"UPDATE.K4", "{\"name\":\"K4\",\"subjects\":[\"k4\"],\"allow_msg_schedules\":false}"},
            {"UPDATE.K4", "{\"name\":\"K4\",\"subjects\":[\"k4\"],\"allow_atomic\":true}"},
            {"UPDATE.K4", "{\"name\":\"K4\",\"subjects\":[\"k4\"],\"allow_atomic\":false,\"allow_msg_schedules\":true}"
            },
            {"CREATE.K5", "{\"name\":\"K5\",\"subjects\":[\"k5\"],\"allow_msg_schedules\":true,\"deny_purge\":true}"},
        };
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String subject = "$JS.API.STREAM." + c[0];
            String expected = raw(ref, subject, c[1]);
            String actual = raw(ours, subject, c[1]);
            JsonNode e = JSON.readTree(expected);
            JsonNode a = JSON.readTree(actual);
            boolean same;
            if (e.has("error")) {
                same = expected.equals(actual);
            } else {
                same = !a.has("error");
                for (String f : new String[] {
                    "allow_msg_counter", "allow_atomic", "allow_msg_schedules", "allow_rollup_hdrs", "deny_purge"
                }) {
                    same &= e.path("config").path(f).equals(a.path("config").path(f));
                }
            }
            if (!same) {
                differences.add(c[0] + " " + c[1] + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void jnatsSeesTheFlags() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            StreamInfo info = c.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name("JF")
                            .subjects("jf.>")
                            .allowMessageCounter(true)
                            .allowAtomicPublish(true)
                            .build());
            assertThat(info.getConfiguration().getAllowMessageCounter()).isTrue();
            assertThat(info.getConfiguration().getAllowAtomicPublish()).isTrue();
            assertThat(info.getConfiguration().getAllowMsgSchedules()).isFalse();
        }
    }

    @Test
    void countersMatch() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.CNT",
                    "{\"name\":\"CNT\",\"subjects\":[\"cnt.>\"],\"allow_msg_counter\":true}");
            raw(c, "$JS.API.STREAM.CREATE.NOC", "{\"name\":\"NOC\",\"subjects\":[\"noc.>\"],\"storage\":\"memory\"}");
        }
        String[][] cases = {
            {"cnt.a", "", "Nats-Incr", "1"},
            {"cnt.a", "", "Nats-Incr", "+5"},
            {"cnt.a", "", "Nats-Incr", "-7"},
            {"cnt.a", "", "Nats-Incr", "x"},
            {"cnt.a", "", "Nats-Incr", "1.5"},
            {"cnt.a", "", "Nats-Incr", "99999999999999999999999999999999"},
            {"cnt.a", "", "Nats-Incr", "0"},
            {"cnt.a", "", "Nats-Incr", ""},
            {"cnt.a", "", null, null},
            {"cnt.a", "body", "Nats-Incr", "1"},
            {"cnt.a", "", "Nats-Incr", "1", "Nats-Expected-Last-Sequence", "3"},
            {"cnt.a", "", "Nats-Incr", "1", "Nats-Rollup", "sub"},
            {"cnt.a", "", "Nats-Incr", "1", "Nats-Expected-Stream", "CNT"},
            {"cnt.a", "", "Nats-Incr", "1", "Nats-Msg-Id", "m1"},
            {"cnt.a", "", "Nats-Incr", "1", "Nats-Msg-Id", "m1"},
            {"cnt.b", "", "Nats-Incr", "-1000000000000000000000"},
            {"cnt.a", "", "Nats-Incr", "1", "Nats-Stream-Source", "X 1 > > cnt.a"},
            {"noc.a", "", "Nats-Incr", "1"},
            {"noc.a", "", "Nats-Incr", "x"},
        };
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String expected = publish(ref, c);
            String actual = publish(ours, c);
            if (!expected.equals(actual)) {
                differences.add(String.join(" ", c) + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        for (String subject : new String[] {"cnt.a", "cnt.b"}) {
            String expected = lastMessage(ref, "CNT", subject);
            String actual = lastMessage(ours, "CNT", subject);
            if (!expected.equals(actual)) {
                differences.add(subject + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void sourcedCountersMatch() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.SC1",
                    "{\"name\":\"SC1\",\"subjects\":[\"sc1.>\"],\"allow_msg_counter\":true}");
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.SC2",
                    "{\"name\":\"SC2\",\"subjects\":[\"sc2.>\"],\"allow_msg_counter\":true}");
            publish(c, new String[] {"sc1.x", "", "Nats-Incr", "5"});
            publish(c, new String[] {"sc2.x", "", "Nats-Incr", "7"});
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.AGG",
                    "{\"name\":\"AGG\",\"allow_msg_counter\":true,\"sources\":[{\"name\":\"SC1\","
                            + "\"subject_transforms\":[{\"src\":\"sc1.>\",\"dest\":\"agg.>\"}]},{\"name\":\"SC2\","
                            + "\"subject_transforms\":[{\"src\":\"sc2.>\",\"dest\":\"agg.>\"}]}]}");
            awaitMessages(c, "AGG", 2);
            publish(c, new String[] {"sc1.x", "", "Nats-Incr", "10"});
            awaitMessages(c, "AGG", 3);
        }
        String expected = stripSource(lastMessage(ref, "AGG", "agg.x"));
        String actual = stripSource(lastMessage(ours, "AGG", "agg.x"));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual).contains("{\"val\":\"22\"}").contains("Nats-Counter-Sources");
    }

    @Test
    void atomicBatchesMatch() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.AB",
                    "{\"name\":\"AB\",\"subjects\":[\"ab.>\"],\"allow_atomic\":true,\"storage\":\"memory\"}");
            raw(c, "$JS.API.STREAM.CREATE.NAB", "{\"name\":\"NAB\",\"subjects\":[\"nab.>\"],\"storage\":\"memory\"}");
        }
        String[][] cases = {
            batch("ab.1", "x", "1"),
            batch("ab.2", "x", "2"),
            batch("ab.3", "x", "3", "Nats-Batch-Commit", "1"),
            batch("ab.1", "y", "1"),
            batch("ab.1", "y", "3"),
            batch("ab.1", "z", "2"),
            batch("ab.1", "e", "1"),
            batch("ab.1", "e", "2", "Nats-Batch-Commit", "eob"),
            batch("ab.1", "f", "1", "Nats-Batch-Commit", "eob"),
            batch("ab.1", "g", "1", "Nats-Batch-Commit", "2"),
            batch("ab.1", "h", "1", "Nats-Batch-Commit", "1"),
            batch("nab.1", "h", "1", "Nats-Batch-Commit", "1"),
            {"ab.1", "m", "Nats-Batch-Id", "i"},
            batch("ab.1", "j".repeat(65), "1"),
            batch("ab.1", "k", "1", "Nats-Expected-Last-Msg-Id", "a"),
            batch("ab.1", "k", "2", "Nats-Batch-Commit", "1"),
            batch("ab.1", "l", "1", "Nats-Msg-Id", "d1"),
            batch("ab.1", "l", "2", "Nats-Msg-Id", "d1", "Nats-Batch-Commit", "1"),
            batch("ab.1", "m", "1", "Nats-Expected-Last-Sequence", "999"),
            batch("ab.1", "m", "2", "Nats-Batch-Commit", "1"),
            batch("ab.1", "n", "1", "Nats-Expected-Last-Sequence", "5"),
            batch("ab.1", "n", "2", "Nats-Expected-Last-Subject-Sequence", "5"),
            batch("ab.1", "n", "3", "Nats-Batch-Commit", "1"),
            {"ab.1", "m", "Nats-Batch-Id", "p", "Nats-Batch-Sequence", "x"},
            {"ab.1", "m", "Nats-Batch-Id", "p", "Nats-Batch-Sequence", "0"},
            batch("ab.1", "q", "1001", "Nats-Batch-Commit", "1"),
            batch("ab.1", "q2", "1002", "Nats-Batch-Commit", "eob"),
            batch("ab.1", "r", "1", "Nats-Msg-Id", "r1"),
            batch("ab.1", "r", "2", "Nats-Msg-Id", "r2", "Nats-Batch-Commit", "1"),
            batch("ab.1", "s", "1", "Nats-Msg-Id", "r1", "Nats-Batch-Commit", "1"),
            batch("ab.1", "t", "1", "Nats-TTL", "5s", "Nats-Batch-Commit", "1"),
        };
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String expected = publish(ref, c);
            String actual = publish(ours, c);
            if (!expected.equals(actual)) {
                differences.add(String.join(" ", c) + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        String e = state(ref, "AB") + "\n" + lastMessage(ref, "AB", "ab.3") + "\n" + lastMessage(ref, "AB", "ab.2");
        String a = state(ours, "AB") + "\n" + lastMessage(ours, "AB", "ab.3") + "\n" + lastMessage(ours, "AB", "ab.2");
        if (!e.equals(a)) {
            differences.add("stored\n  nats-server: " + e + "\n  broker:      " + a);
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void largeBatchIsStoredAtOnce() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            raw(c, "$JS.API.STREAM.CREATE.BIG", "{\"name\":\"BIG\",\"subjects\":[\"big.>\"],\"allow_atomic\":true}");
            for (int i = 1; i < 1000; i++) {
                Headers h = new Headers();
                h.put("Nats-Batch-Id", "big");
                h.put("Nats-Batch-Sequence", String.valueOf(i));
                c.publish(NatsMessage.builder()
                        .subject("big." + (i % 10))
                        .headers(h)
                        .data(new byte[100])
                        .build());
            }
            assertThat(state(c, "BIG")).startsWith("0 ");
            String ack = publish(c, batch("big.x", "big", "1000", "Nats-Batch-Commit", "1"));
            assertThat(ack).isEqualTo("{\"stream\":\"BIG\",\"seq\":1000,\"batch\":\"big\",\"count\":1000}");
            assertThat(state(c, "BIG")).startsWith("1000 ");
        }
    }

    @Test
    void scheduleErrorsMatch() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.SE",
                    "{\"name\":\"SE\",\"subjects\":[\"se.>\"],\"allow_msg_schedules\":true,\"storage\":\"memory\"}");
            raw(c, "$JS.API.STREAM.CREATE.NSE", "{\"name\":\"NSE\",\"subjects\":[\"nse.>\"],\"storage\":\"memory\"}");
        }
        String future = Instant.now()
                .plus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String[][] cases = {
            {"nse.s", "", "Nats-Schedule", "@at " + future, "Nats-Schedule-Target", "nse.t"},
            {"nse.s", "", "Nats-Schedule", "bogus"},
            {"se.s", "", "Nats-Schedule", "bogus"},
            {"se.s", "", "Nats-Schedule", "@at tomorrow", "Nats-Schedule-Target", "se.t"},
            {"se.s", "", "Nats-Schedule", "@every 500ms", "Nats-Schedule-Target", "se.t"},
            {"se.s", "", "Nats-Schedule", "@every x", "Nats-Schedule-Target", "se.t"},
            {"se.s", "", "Nats-Schedule", "@at " + future},
            {"se.s", "", "Nats-Schedule", "@at " + future, "Nats-Schedule-Target", "se.s"},
            {"se.s", "", "Nats-Schedule", "@at " + future, "Nats-Schedule-Target", "other.t"},
            {"se.s", "", "Nats-Schedule", "@at " + future, "Nats-Schedule-Target", "se.*"},
            {"se.s", "", "Nats-Schedule", "@at " + future, "Nats-Schedule-Target", "se.t", "Nats-Schedule-TTL", "x"},
            {"se.s", "", "Nats-Schedule", "@at " + future, "Nats-Schedule-Target", "se.t", "Nats-Schedule-TTL", "5s"},
            {"se.s", "", "Nats-Schedule", "@at " + future, "Nats-Schedule-Target", "se.t", "Nats-Schedule-Rollup", "all"
            },
            {"se.s", "", "Nats-Schedule", "@at " + future, "Nats-Schedule-Target", "se.t", "Nats-Rollup", "all"},
            {
                "se.s",
                "",
                "Nats-Schedule",
                "@at " + future,
                "Nats-Schedule-Target",
                "se.t",
                "Nats-Schedule-Source",
                "se.t"
            },
            {
                "se.s",
                "",
                "Nats-Schedule",
                "@at " + future,
                "Nats-Schedule-Target",
                "se.t",
                "Nats-Schedule-Time-Zone",
                "Europe/Amsterdam"
            },
            {"se.s", "", "Nats-Schedule", "@at " + future, "Nats-Schedule-Target", "se.t", "Nats-Schedule-Time-Zone", ""
            },
            {"se.s", "", "Nats-Schedule-Next", "purge"},
            {"se.s", "", "Nats-Schedule-Next", "later", "Nats-Scheduler", "se.x"},
            {"se.s", "", "Nats-Scheduler", "se.x"},
            {"se.p", "", "Nats-Schedule-Next", "purge", "Nats-Scheduler", "se.q"},
            {"se.s", "payload", "Nats-Schedule", "@at " + future, "Nats-Schedule-Target", "se.t"},
            {"se.s2", "", "Nats-Schedule", "@every 1h", "Nats-Schedule-Target", "se.t"},
            {"se.c1", "", "Nats-Schedule", "0 0 * * * *", "Nats-Schedule-Target", "se.t"},
            {"se.c2", "", "Nats-Schedule", "@hourly", "Nats-Schedule-Target", "se.t"},
            {
                "se.c3",
                "",
                "Nats-Schedule",
                "@daily",
                "Nats-Schedule-Target",
                "se.t",
                "Nats-Schedule-Time-Zone",
                "Europe/Amsterdam"
            },
            {"se.c4", "", "Nats-Schedule", "0 30 9 * * MON-FRI", "Nats-Schedule-Target", "se.t"},
            {"se.c5", "", "Nats-Schedule", "*/15 * * * JAN,jul ?", "Nats-Schedule-Target", "se.t"},
            {"se.c6", "", "Nats-Schedule", "61 * * * * *", "Nats-Schedule-Target", "se.t"},
            {"se.c6", "", "Nats-Schedule", "* * * * *", "Nats-Schedule-Target", "se.t"},
            {"se.c6", "", "Nats-Schedule", "0 0 0 30 2 *", "Nats-Schedule-Target", "se.t"},
            {"se.c6", "", "Nats-Schedule", "5-1 * * * * *", "Nats-Schedule-Target", "se.t"},
            {"se.c6", "", "Nats-Schedule", "*/0 * * * * *", "Nats-Schedule-Target", "se.t"},
            {"se.c6", "", "Nats-Schedule", "0 0 0 1 1 * 2030", "Nats-Schedule-Target", "se.t"},
            {"se.c6", "", "Nats-Schedule", "@every 1h", "Nats-Schedule-Target", "se.t", "Nats-Schedule-Time-Zone", "UTC"
            },
            {
                "se.c6",
                "",
                "Nats-Schedule",
                "0 * * * * *",
                "Nats-Schedule-Target",
                "se.t",
                "Nats-Schedule-Time-Zone",
                "Mars/Phobos"
            },
            {
                "se.c6",
                "",
                "Nats-Schedule",
                "0 * * * * *",
                "Nats-Schedule-Target",
                "se.t",
                "Nats-Schedule-Time-Zone",
                "+01:00"
            },
            {
                "se.c6",
                "",
                "Nats-Schedule",
                "@weekly",
                "Nats-Schedule-Target",
                "se.t",
                "Nats-Schedule-Time-Zone",
                "America/New_York"
            },
        };
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String expected = publish(ref, c);
            String actual = publish(ours, c);
            if (!expected.equals(actual)) {
                differences.add(String.join(" ", c) + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        String e = lastMessage(ref, "SE", "se.s");
        String a = lastMessage(ours, "SE", "se.s");
        if (!e.equals(a)) {
            differences.add("stored schedule\n  nats-server: " + e + "\n  broker:      " + a);
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void oneOffScheduleFiresAndIsRemoved() throws Exception {
        List<String> seen = new ArrayList<>();
        String at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).toString();
        for (Connection c : List.of(ref, ours)) {
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.SA",
                    "{\"name\":\"SA\",\"subjects\":[\"sa.>\"],\"allow_msg_schedules\":true,\"allow_msg_ttl\":true}");
            publish(c, new String[] {"sa.src", "from-source", "Custom", "s"});
            StringBuilder b = new StringBuilder();
            b.append(publish(c, new String[] {
                "sa.sched",
                "hello",
                "Nats-Schedule",
                "@at " + at,
                "Nats-Schedule-Target",
                "sa.target",
                "Nats-Schedule-TTL",
                "1h",
                "Custom",
                "kept",
                "Nats-Msg-Id",
                "id1",
                "Nats-Expected-Stream",
                "SA"
            }));
            awaitMessages(c, "SA", 2);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !lastMessage(c, "SA", "sa.target").equals("none"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> lastMessage(c, "SA", "sa.sched").equals("none"));
            b.append('\n').append(lastMessage(c, "SA", "sa.target").replaceAll("seq=\\d+", "seq"));
            b.append('\n').append(state(c, "SA"));
            seen.add(b.toString());
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }

    @Test
    void repeatingScheduleFiresAgain() throws Exception {
        List<String> seen = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.SR",
                    "{\"name\":\"SR\",\"subjects\":[\"sr.>\"],\"allow_msg_schedules\":true,\"storage\":\"memory\"}");
            publish(c, new String[] {"sr.src", "latest", "Custom", "from-src"});
            publish(c, new String[] {
                "sr.sched",
                "tick",
                "Nats-Schedule",
                "@every 1s",
                "Nats-Schedule-Target",
                "sr.target",
                "Nats-Schedule-Source",
                "sr.src"
            });
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> JSON.readTree(raw(c, "$JS.API.STREAM.INFO.SR", ""))
                                    .path("state")
                                    .path("last_seq")
                                    .asLong()
                            >= 4);
            String target = lastMessage(c, "SR", "sr.target")
                    .replaceAll("seq=\\d+", "seq")
                    .replaceAll("Nats-Schedule-Next: [^|]*", "Nats-Schedule-Next: T");
            seen.add(target + "\n" + (lastMessage(c, "SR", "sr.sched").equals("none") ? "removed" : "kept"));
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(0)).contains("Nats-Scheduler: sr.sched").contains("kept");
    }

    @Test
    void cronScheduleFiresAlike() throws Exception {
        List<String> seen = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.SCR",
                    "{\"name\":\"SCR\",\"subjects\":[\"scr.>\"],\"allow_msg_schedules\":true,\"storage\":\"memory\"}");
            publish(c, new String[] {
                "scr.sched",
                "cron",
                "Nats-Schedule",
                "* * * * * *",
                "Nats-Schedule-Target",
                "scr.target",
                "Nats-Schedule-Time-Zone",
                "Europe/Berlin"
            });
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> JSON.readTree(raw(c, "$JS.API.STREAM.INFO.SCR", ""))
                                    .path("state")
                                    .path("last_seq")
                                    .asLong()
                            >= 3);
            seen.add(lastMessage(c, "SCR", "scr.target")
                    .replaceAll("seq=\\d+", "seq")
                    .replaceAll("Nats-Schedule-Next: [^|]*", "Nats-Schedule-Next: T"));
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }

    // ---- helpers

    private static String[] batch(String subject, String id, String seq, String... extra) {
        String[] out = new String[6 + extra.length];
        out[0] = subject;
        out[1] = "m";
        out[2] = "Nats-Batch-Id";
        out[3] = id;
        out[4] = "Nats-Batch-Sequence";
        out[5] = seq;
        System.arraycopy(extra, 0, out, 6, extra.length);
        return out;
    }

    /** Publishes {@code {subject, body, key, value, …}} and returns the reply (or "timeout"). */
    private static String publish(Connection c, String[] m) throws Exception {
        Headers h = new Headers();
        for (int i = 2; i + 1 < m.length; i += 2) {
            if (m[i] != null) {
                h.add(m[i], m[i + 1]);
            }
        }
        NatsMessage.Builder b = NatsMessage.builder().subject(m[0]).data(m[1].getBytes(StandardCharsets.UTF_8));
        if (!h.isEmpty()) {
            b.headers(h);
        }
        Message reply;
        try {
            reply = c.request(b.build(), TIMEOUT);
        } catch (Exception e) {
            return "error " + e;
        }
        if (reply == null) {
            return "timeout";
        }
        String hdrs = reply.getHeaders() == null ? "" : reply.getHeaders().toString();
        return hdrs + new String(reply.getData(), StandardCharsets.UTF_8);
    }

    private static String lastMessage(Connection c, String stream, String subject) throws Exception {
        JsonNode r =
                JSON.readTree(raw(c, "$JS.API.STREAM.MSG.GET." + stream, "{\"last_by_subj\":\"" + subject + "\"}"));
        if (r.has("error")) {
            return "none";
        }
        JsonNode m = r.path("message");
        String hdrs = m.has("hdrs")
                ? new String(Base64.getDecoder().decode(m.path("hdrs").asString()), StandardCharsets.UTF_8)
                : "";
        String data = m.has("data")
                ? new String(Base64.getDecoder().decode(m.path("data").asString()), StandardCharsets.UTF_8)
                : "";
        return m.path("subject").asString() + " seq=" + m.path("seq").asLong() + " " + hdrs.replace("\r\n", "|")
                + " data=" + data;
    }

    private static String stripSource(String message) {
        return message.replaceAll("Nats-Stream-Source: [^|]*\\|", "");
    }

    private static String state(Connection c, String stream) throws Exception {
        JsonNode s = JSON.readTree(raw(c, "$JS.API.STREAM.INFO." + stream, "")).path("state");
        return s.path("messages").asLong() + " " + s.path("first_seq").asLong() + " "
                + s.path("last_seq").asLong();
    }

    private static void awaitMessages(Connection c, String stream, long n) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> JSON.readTree(raw(c, "$JS.API.STREAM.INFO." + stream, ""))
                                .path("state")
                                .path("last_seq")
                                .asLong()
                        >= n);
    }

    private static String raw(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), TIMEOUT);
        return new String(m.getData(), StandardCharsets.UTF_8);
    }
}
