package io.natsspring.broker.it.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
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

/**
 * The {@code js} event of a traced publish that a stream refuses or does not keep, on this broker and on
 * {@code nats-server} 2.15.1: the error texts of the consistency checks and of the store limits (with discard new),
 * a duplicate, {@code nointerest} on an interest stream, the same with {@code Nats-Trace-Only} (checked and answered,
 * not stored), and the PubAcks the publisher got.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageTraceJetStreamDifferentialTest {

    private static final String D = "Nats-Trace-Dest";
    private static final String ONLY = "Nats-Trace-Only";

    @TempDir
    Path dir;

    @Test
    void jetStreamEventsMatchNatsServer() throws Exception {
        Map<String, List<String>> seen = new LinkedHashMap<>();
        try (NatsBroker broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(dir.resolve("ours"))
                        .build())
                .start()) {
            seen.put("broker", observe(broker.clientUrl()));
        }
        if (ReferenceNatsServer.available()) {
            try (ReferenceNatsServer server = ReferenceNatsServer.start(dir.resolve("ref"))) {
                seen.put("nats-server", observe(server.url()));
            }
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
        try (Connection a = Nats.connect(new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .build())) {
            JetStreamManagement jsm = a.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("S")
                    .subjects("s.>")
                    .storageType(StorageType.Memory)
                    .maxMessages(2)
                    .maximumMessageSize(100)
                    .discardPolicy(DiscardPolicy.New)
                    .duplicateWindow(Duration.ofMinutes(1))
                    .build());
            jsm.addStream(StreamConfiguration.builder()
                    .name("B")
                    .subjects("b.>")
                    .storageType(StorageType.Memory)
                    .maxBytes(150)
                    .discardPolicy(DiscardPolicy.New)
                    .build());
            jsm.addStream(StreamConfiguration.builder()
                    .name("P")
                    .subjects("p.>")
                    .storageType(StorageType.Memory)
                    .maxMessagesPerSubject(1)
                    .discardPolicy(DiscardPolicy.New)
                    .discardNewPerSubject(true)
                    .build());
            jsm.addStream(StreamConfiguration.builder()
                    .name("I")
                    .subjects("i.>")
                    .storageType(StorageType.Memory)
                    .retentionPolicy(RetentionPolicy.Interest)
                    .build());
            Subscription trace = a.subscribe("trace.dest");
            Subscription acks = a.subscribe("ack.x");
            a.flush(Duration.ofSeconds(3));
            String[][] cases = {
                {"stored", "s.1", "x", D, "trace.dest", "Nats-Msg-Id", "m1"},
                {"duplicate", "s.1", "x", D, "trace.dest", "Nats-Msg-Id", "m1"},
                {"duplicate, trace only", "s.1", "x", D, "trace.dest", "Nats-Msg-Id", "m1", ONLY, "true"},
                {"wrong last sequence", "s.1", "x", D, "trace.dest", "Nats-Expected-Last-Sequence", "7"},
                {"unparsable last sequence", "s.1", "x", D, "trace.dest", "Nats-Expected-Last-Sequence", "abc"},
                {"wrong last subject sequence", "s.1", "x", D, "trace.dest", "Nats-Expected-Last-Subject-Sequence", "7"
                },
                {"wrong stream", "s.1", "x", D, "trace.dest", "Nats-Expected-Stream", "X"},
                {"wrong last msg id", "s.1", "x", D, "trace.dest", "Nats-Expected-Last-Msg-Id", "zz"},
                {"ttl disabled", "s.1", "x", D, "trace.dest", "Nats-TTL", "10s"},
                {"rollup disabled", "s.9", "x", D, "trace.dest", "Nats-Rollup", "sub"},
                {"counter disabled", "s.9", "", D, "trace.dest", "Nats-Incr", "1"},
                {"too big", "s.1", "x".repeat(200), D, "trace.dest"},
                {"stored again", "s.2", "x", D, "trace.dest"},
                {"max msgs", "s.3", "x", D, "trace.dest"},
                {"max msgs, trace only", "s.3", "x", D, "trace.dest", ONLY, "true"},
                {"bytes stored", "b.1", "x".repeat(60), D, "trace.dest"},
                {"max bytes", "b.2", "x".repeat(120), D, "trace.dest"},
                {"per subject stored", "p.1", "x", D, "trace.dest"},
                {"max per subject", "p.1", "x", D, "trace.dest"},
                {"no interest", "i.1", "x", D, "trace.dest"},
                {"no interest, trace only", "i.1", "x", D, "trace.dest", ONLY, "true"},
            };
            for (String[] c : cases) {
                String[] headers = java.util.Arrays.copyOfRange(c, 3, c.length);
                TraceEvents.publish(a, c[1], "ack.x", c[2], headers);
                out.add(c[0] + ": " + TraceEvents.next(trace, Duration.ofSeconds(2)));
                out.add(c[0] + " ack: " + TraceEvents.received(acks));
            }
            out.add("messages: S " + jsm.getStreamInfo("S").getStreamState().getMsgCount()
                    + ", I " + jsm.getStreamInfo("I").getStreamState().getMsgCount()
                    + ", I last " + jsm.getStreamInfo("I").getStreamState().getLastSequence());
        }
        return out;
    }
}
