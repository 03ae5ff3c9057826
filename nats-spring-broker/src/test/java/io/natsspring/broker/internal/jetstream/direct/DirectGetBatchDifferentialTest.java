package io.natsspring.broker.internal.jetstream.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct get batches (ADR-31: {@code batch}, {@code max_bytes}, {@code multi_last}, {@code up_to_seq},
 * {@code up_to_time}, {@code start_time}, {@code next_by_subj} with wildcards, {@code no_hdr}) on this broker and
 * on {@code nats-server} 2.15 side by side, on a memory and a file stream: every reply message (status, headers
 * but the time stamp, payload) must be the same. Skipped without the reference binary.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DirectGetBatchDifferentialTest {

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
        for (Connection c : List.of(ref, ours)) {
            fill(c, "DGM", "memory");
            fill(c, "DGF", "file");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    /** Seven messages on four subjects, one with headers, the third deleted; a pause before the fifth. */
    private static void fill(Connection c, String stream, String storage) throws Exception {
        String p = stream.toLowerCase();
        request(
                c,
                "$JS.API.STREAM.CREATE." + stream,
                "{\"name\":\"" + stream + "\",\"subjects\":[\"" + p + ".>\"],\"storage\":\"" + storage
                        + "\",\"allow_direct\":true}");
        JetStream js = c.jetStream();
        js.publish(p + ".a", "a1".getBytes(StandardCharsets.UTF_8));
        js.publish(NatsMessage.builder()
                .subject(p + ".b")
                .headers(new Headers().put("X-H", "v"))
                .data("b1")
                .build());
        js.publish(p + ".a", "a2".getBytes(StandardCharsets.UTF_8));
        js.publish(p + ".c.x", "c1".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(30);
        js.publish(p + ".b", "b2".getBytes(StandardCharsets.UTF_8));
        js.publish(p + ".a", "a3".getBytes(StandardCharsets.UTF_8));
        js.publish(p + ".c.y", "c2".getBytes(StandardCharsets.UTF_8));
        c.jetStreamManagement().deleteMessage(stream, 3);
    }

    private static final String[] BODIES = {
        "{\"seq\":1}",
        "{\"seq\":3}",
        "{\"seq\":1,\"batch\":3}",
        "{\"seq\":2,\"batch\":100}",
        "{\"seq\":1,\"batch\":5,\"max_bytes\":10}",
        "{\"next_by_subj\":\"P.a\",\"batch\":5}",
        "{\"next_by_subj\":\"P.*\",\"batch\":3,\"seq\":2}",
        "{\"next_by_subj\":\"P.c.*\",\"batch\":1}",
        "{\"next_by_subj\":\"P.>\",\"batch\":2,\"seq\":100}",
        "{\"seq\":7,\"batch\":3}",
        "{\"batch\":3}",
        "{}",
        "{\"multi_last\":[\"P.a\",\"P.b\"]}",
        "{\"multi_last\":[\"P.>\"]}",
        "{\"multi_last\":[\"P.a\",\"P.>\"]}",
        "{\"multi_last\":[\"P.c.*\"],\"up_to_seq\":6}",
        "{\"multi_last\":[\"P.>\"],\"up_to_seq\":4}",
        "{\"multi_last\":[\"P.>\"],\"batch\":2}",
        "{\"multi_last\":[\"P.>\"],\"seq\":5}",
        "{\"multi_last\":[\"P.>\"],\"max_bytes\":5}",
        "{\"multi_last\":[\"nope.>\"]}",
        "{\"multi_last\":[\"P.>\"],\"up_to_time\":\"T5\"}",
        "{\"multi_last\":[\"P.>\"],\"up_to_time\":\"2000-01-01T00:00:00Z\"}",
        "{\"multi_last\":[\"P.a\"],\"up_to_seq\":2,\"up_to_time\":\"T5\"}",
        "{\"multi_last\":[\"P.a\"],\"no_hdr\":true}",
        "{\"start_time\":\"T5\",\"batch\":2}",
        "{\"start_time\":\"T5\"}",
        "{\"start_time\":\"T5\",\"next_by_subj\":\"P.c.*\",\"batch\":4}",
        "{\"last_by_subj\":\"P.a\",\"batch\":2}",
        "{\"last_by_subj\":\"P.*\"}",
        "{\"next_by_subj\":\"P.a\",\"multi_last\":[\"P.a\"]}",
        "{\"seq\":1,\"no_hdr\":true}",
        "{\"seq\":2,\"no_hdr\":true,\"batch\":2}",
        "not json",
        "{\"seq\":\"x\"}",
        "{\"batch\":\"2\",\"seq\":1}",
    };

    @Test
    void batchRepliesMatch() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String stream : new String[] {"DGM", "DGF"}) {
            String p = stream.toLowerCase();
            String refT5 = time(ref, stream, 5);
            String ourT5 = time(ours, stream, 5);
            for (String template : BODIES) {
                String body = template.replace("P.", p + ".");
                String expected = exchange(ref, "$JS.API.DIRECT.GET." + stream, null, body.replace("T5", refT5));
                String actual = exchange(ours, "$JS.API.DIRECT.GET." + stream, null, body.replace("T5", ourT5));
                if (!expected.equals(actual)) {
                    differences.add(
                            stream + " " + body + "\n  nats-server: " + expected + "\n  broker:      " + actual);
                }
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void lastBySubjectAndApiLevelRepliesMatch() throws Exception {
        String[][] cases = {
            {"$JS.API.DIRECT.GET.DGF.dgf.a", ""},
            {"$JS.API.DIRECT.GET.DGF.dgf.a", "{}"},
            {"$JS.API.DIRECT.GET.DGF.dgf.a", "{\"no_hdr\":true}"},
            {"$JS.API.DIRECT.GET.DGF.dgf.a", "{\"batch\":2}"},
            {"$JS.API.DIRECT.GET.DGF.dgf.a", "{\"up_to_seq\":2}"},
            {"$JS.API.DIRECT.GET.DGF.dgf.a", "xx"},
            {"$JS.API.DIRECT.GET.DGF.dgf.*", ""},
            {"$JS.API.DIRECT.GET.DGF.dgf.none", ""},
        };
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String expected = exchange(ref, c[0], null, c[1]);
            String actual = exchange(ours, c[0], null, c[1]);
            if (!expected.equals(actual)) {
                differences.add(c[0] + " " + c[1] + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        Headers level = new Headers().put("Nats-Required-Api-Level", "99");
        for (String subject : new String[] {"$JS.API.DIRECT.GET.DGM", "$JS.API.DIRECT.GET.DGM.dgm.a"}) {
            String expected = exchange(ref, subject, level, "{\"seq\":1}");
            String actual = exchange(ours, subject, level, "{\"seq\":1}");
            if (!expected.equals(actual)) {
                differences.add(subject + " level 99\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void tooManySubjectsMatch() throws Exception {
        List<String> seen = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            request(
                    c,
                    "$JS.API.STREAM.CREATE.DGX",
                    "{\"name\":\"DGX\",\"subjects\":[\"dgx.>\"],\"storage\":\"memory\",\"allow_direct\":true}");
            JetStream js = c.jetStream();
            List<java.util.concurrent.CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < 1030; i++) {
                acks.add(js.publishAsync("dgx." + i, new byte[] {1}));
            }
            for (java.util.concurrent.CompletableFuture<?> f : acks) {
                f.get(10, TimeUnit.SECONDS);
            }
            seen.add(exchange(c, "$JS.API.DIRECT.GET.DGX", null, "{\"multi_last\":[\"dgx.>\"]}")
                    + exchange(c, "$JS.API.DIRECT.GET.DGX", null, "{\"multi_last\":[\"dgx.1\",\"dgx.2\"]}"));
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }

    /** jnats reads our batch answers as it reads nats-server's: pending counts, last sequences, EOB. */
    @Test
    void jnatsUnderstandsTheBatch() throws Exception {
        List<MessageInfo> infos = new ArrayList<>();
        String inbox = ours.createInbox();
        Subscription sub = ours.subscribe(inbox);
        ours.flush(TIMEOUT);
        ours.publish("$JS.API.DIRECT.GET.DGM", inbox, "{\"seq\":1,\"batch\":10}".getBytes(StandardCharsets.UTF_8));
        Message eob;
        while (true) {
            Message m = sub.nextMessage(TIMEOUT);
            assertThat(m).isNotNull();
            if (m.isStatusMessage()) {
                eob = m;
                break;
            }
            infos.add(new MessageInfo(m, "DGM", true));
        }
        sub.unsubscribe();
        assertThat(infos).hasSize(6);
        assertThat(infos.get(0).getSeq()).isEqualTo(1);
        assertThat(infos.get(0).getNumPending())
                .as("jnats counts the rest without this one")
                .isEqualTo(4);
        assertThat(infos.get(1).getLastSeq()).isEqualTo(1);
        assertThat(infos.get(1).getHeaders().getFirst("X-H")).isEqualTo("v");
        assertThat(infos.get(5).getSeq()).isEqualTo(7);
        MessageInfo end = new MessageInfo(eob.getStatus(), "DGM");
        assertThat(end.isEobStatus()).isTrue();
        assertThat(eob.getHeaders().getFirst("Nats-Last-Sequence")).isEqualTo("7");
    }

    private static String time(Connection c, String stream, long seq) throws Exception {
        return c.jetStreamManagement()
                .getMessage(stream, seq)
                .getTime()
                .withZoneSameInstant(ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Sends one request and renders every reply until a status message (or the first for a plain get). */
    static String exchange(Connection c, String subject, Headers headers, String body) throws Exception {
        String inbox = c.createInbox();
        Subscription sub = c.subscribe(inbox);
        c.flush(TIMEOUT);
        c.publish(NatsMessage.builder()
                .subject(subject)
                .replyTo(inbox)
                .headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8))
                .build());
        boolean batch = body.contains("\"batch\"") || body.contains("multi_last");
        StringBuilder b = new StringBuilder();
        try {
            while (true) {
                Message m = sub.nextMessage(Duration.ofSeconds(2));
                if (m == null) {
                    b.append("[no reply]");
                    break;
                }
                b.append(render(m)).append(" || ");
                if (m.isStatusMessage() || !batch) {
                    break;
                }
            }
        } finally {
            sub.unsubscribe();
        }
        return b.toString();
    }

    private static String render(Message m) {
        StringBuilder b = new StringBuilder();
        if (m.isStatusMessage()) {
            b.append(m.getStatus().getCode())
                    .append(' ')
                    .append(m.getStatus().getMessage())
                    .append(' ');
        }
        if (m.getHeaders() != null) {
            Map<String, List<String>> sorted = new TreeMap<>();
            m.getHeaders().entrySet().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            sorted.computeIfPresent("Nats-Time-Stamp", (k, v) -> List.of("<ts>"));
            b.append(sorted);
        }
        b.append(" data=").append(new String(m.getData() == null ? new byte[0] : m.getData(), StandardCharsets.UTF_8));
        return b.toString();
    }

    static String request(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), TIMEOUT);
        return new String(m.getData(), StandardCharsets.UTF_8);
    }
}
