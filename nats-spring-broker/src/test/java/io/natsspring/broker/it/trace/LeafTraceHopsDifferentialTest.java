package io.natsspring.broker.it.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
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

/**
 * A traced message crossing a leaf link ({@code Nats-Trace-Hop}, ADR-41) in the four pairings of this broker and
 * {@code nats-server} 2.15.1 — our leaf with a 2.15.1 hub, a 2.15.1 leaf with our hub, ours with ours — compared
 * with two 2.15.1 servers: both servers' trace events (keys, order, kinds, {@code hop}, {@code hops}, the peer's
 * name in {@code in}/{@code eg}) and what the subscribers on both sides received, for a publish on either side and
 * a trace-only publish.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LeafTraceHopsDifferentialTest {

    private static final String HUB = "server_name: hub\nleafnodes { listen: \"127.0.0.1:%d\" }\n";
    private static final String LEAF =
            "server_name: leaf\nleafnodes { remotes [ { url: \"nats-leaf://127.0.0.1:%d\" } ] }\n";

    @TempDir
    Path dir;

    @Test
    void hopsAcrossLeafLinksMatchNatsServer() throws Exception {
        Map<String, List<String>> seen = new LinkedHashMap<>();
        boolean reference = ReferenceNatsServer.available();
        if (reference) {
            seen.put("nats-server pair", pair("ref-ref", true, true));
            seen.put("our leaf, nats-server hub", pair("ref-ours", true, false));
            seen.put("nats-server leaf, our hub", pair("ours-ref", false, true));
        }
        seen.put("our pair", pair("ours-ours", false, false));
        List<String> expected = seen.values().iterator().next();
        for (Map.Entry<String, List<String>> e : seen.entrySet()) {
            for (int i = 0; i < expected.size(); i++) {
                assertThat(e.getValue().get(i))
                        .as("%s, observation %d", e.getKey(), i)
                        .isEqualTo(expected.get(i));
            }
            assertThat(e.getValue()).as(e.getKey()).hasSameSizeAs(expected);
        }
    }

    /** Starts a hub (nats-server or ours) and a leaf of it, observes, stops both. */
    private List<String> pair(String name, boolean refHub, boolean refLeaf) throws Exception {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        int leafPort = ReferenceNatsServer.freeTcpPort();
        List<AutoCloseable> stop = new ArrayList<>();
        try {
            String hubUrl = start(d, "hub", HUB.formatted(leafPort), refHub, stop);
            String leafUrl = start(d, "leaf", LEAF.formatted(leafPort), refLeaf, stop);
            return observe(hubUrl, leafUrl);
        } finally {
            for (int i = stop.size() - 1; i >= 0; i--) {
                stop.get(i).close();
            }
        }
    }

    private static String start(Path d, String role, String config, boolean reference, List<AutoCloseable> stop)
            throws Exception {
        Path conf = Files.writeString(d.resolve(role + ".conf"), config);
        if (reference) {
            ReferenceNatsServer s = ReferenceNatsServer.start(d.resolve(role), List.of("-c", conf.toString()));
            stop.add(s);
            return s.url();
        }
        NatsBroker b = new NatsBroker(BrokerConfigFile.load(conf).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        stop.add(b);
        return b.clientUrl();
    }

    private static List<String> observe(String hubUrl, String leafUrl) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection hub = connect(hubUrl);
                Connection leaf = connect(leafUrl)) {
            Subscription trace = hub.subscribe("trace.dest");
            Subscription onHub = hub.subscribe("foo");
            Subscription onLeaf = leaf.subscribe("foo");
            hub.flush(Duration.ofSeconds(3));
            leaf.flush(Duration.ofSeconds(3));
            // the link is up and each side knows the other's interest (trace.dest and foo)
            Subscription probe = leaf.subscribe("probe");
            leaf.flush(Duration.ofSeconds(3));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                hub.publish("probe", new byte[0]);
                hub.flush(Duration.ofSeconds(1));
                leaf.publish("foo", "probe".getBytes());
                leaf.flush(Duration.ofSeconds(1));
                return probe.nextMessage(Duration.ofMillis(200)) != null
                        && onHub.nextMessage(Duration.ofMillis(200)) != null;
            });
            TraceEvents.received(onHub);
            TraceEvents.received(onLeaf);

            TraceEvents.publish(hub, "foo", null, "from hub", "Nats-Trace-Dest", "trace.dest");
            out.add("from the hub: " + events(trace));
            out.add("from the hub, received: hub " + TraceEvents.received(onHub) + " leaf "
                    + TraceEvents.received(onLeaf));

            TraceEvents.publish(leaf, "foo", null, "from leaf", "Nats-Trace-Dest", "trace.dest");
            out.add("from the leaf: " + events(trace));
            out.add("from the leaf, received: hub " + TraceEvents.received(onHub) + " leaf "
                    + TraceEvents.received(onLeaf));

            TraceEvents.publish(hub, "foo", null, "only", "Nats-Trace-Dest", "trace.dest", "Nats-Trace-Only", "true");
            out.add("trace only from the hub: " + events(trace));
            out.add("trace only, received: hub " + TraceEvents.received(onHub) + " leaf "
                    + TraceEvents.received(onLeaf));
        }
        return out;
    }

    /** The two servers' events (in any order of arrival), sorted. */
    private static String events(Subscription trace) throws Exception {
        List<String> got = new ArrayList<>();
        Message m;
        while (got.size() < 3 && (m = trace.nextMessage(Duration.ofMillis(got.size() < 2 ? 3000 : 300))) != null) {
            got.add(TraceEvents.normalise(m));
        }
        got.sort(null);
        return String.join("\n  ", got);
    }

    private static Connection connect(String url) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
    }
}
