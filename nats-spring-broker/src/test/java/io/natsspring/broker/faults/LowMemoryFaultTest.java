package io.natsspring.broker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19, low memory: the standalone broker with {@code -Xmx48m} and {@code -Xmx64m} under a mixed load — core pub/sub, JetStream
 * publishes into size-limited streams that discard (file and memory; one flooded with 64 MiB in flight), KV puts,
 * a pull consumer acking — for
 * {@code natsspring.faults.lowmem.seconds} seconds (default 30; the documented long run is 300). The broker must
 * survive without an {@link OutOfMemoryError} in its log, {@code /healthz} must say ok, and every stream must still
 * take publishes, deliver and answer its API.
 */
@Timeout(600)
class LowMemoryFaultTest {

    private static final long SECONDS = Long.getLong("natsspring.faults.lowmem.seconds", 30);
    /** One heap size to run with; by default both {@code 48m} and {@code 64m}. */
    private static final String HEAP = System.getProperty("natsspring.faults.lowmem.heap");
    /** Extra JVM options of the broker, blank-separated (e.g. {@code -XX:+HeapDumpOnOutOfMemoryError}). */
    private static final String JVM_OPTS = System.getProperty("natsspring.faults.lowmem.jvmOpts", "");

    private final AtomicLong corePublished = new AtomicLong();
    private final AtomicLong coreReceived = new AtomicLong();
    private final AtomicLong jsAcked = new AtomicLong();
    private final AtomicLong jsRefused = new AtomicLong();
    private final AtomicLong kvPuts = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    static List<String> heaps() {
        return HEAP == null ? List.of("48m", "64m") : List.of(HEAP);
    }

    @ParameterizedTest(name = "-Xmx{0}")
    @MethodSource("heaps")
    void brokerSurvivesMixedLoadInSmallHeap(String heap, @TempDir Path dir) throws Exception {
        int httpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            httpPort = s.getLocalPort();
        }
        try (BrokerProcess broker =
                BrokerProcess.start(dir, jvmArgs(heap), List.of("-m", Integer.toString(httpPort)))) {
            setUp(broker);
            AtomicBoolean stop = new AtomicBoolean();
            List<Connection> conns = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                conns.add(broker.connect());
            }
            List<Thread> load = List.of(
                    new Thread(() -> core(conns.get(0), stop), "lowmem-core"),
                    new Thread(() -> publish(conns.get(1), "lima.x", 16 * 1024, 64, stop), "lowmem-lima"),
                    // a flood: up to 1,000 publishes of 64 KiB in flight (64 MiB, the whole heap) must back off with
                    // 429
                    new Thread(() -> publish(conns.get(2), "limb.x", 64 * 1024, 1_000, stop), "lowmem-limb"),
                    new Thread(() -> publish(conns.get(3), "mem.x", 8 * 1024, 64, stop), "lowmem-mem"),
                    new Thread(() -> put(conns.get(4), stop), "lowmem-kv"),
                    new Thread(() -> consume(conns.get(5), stop), "lowmem-consumer"));
            long started = System.nanoTime();
            load.forEach(Thread::start);
            while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(SECONDS)) {
                assertThat(broker.process().isAlive()).as("broker alive").isTrue();
                TimeUnit.MILLISECONDS.sleep(500);
            }
            stop.set(true);
            for (Thread t : load) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            for (Connection c : conns) {
                c.close();
            }

            assertThat(broker.process().isAlive()).as("broker alive").isTrue();
            String log = Files.readString(broker.log());
            assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("is offline");
            HttpResponse<String> health = http(httpPort, "/healthz");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            try (Connection c = broker.connect()) {
                // the short default run still reaches the size limit: the flooded stream has discarded
                assertThat(c.jetStreamManagement()
                                .getStreamInfo("LIMB")
                                .getStreamState()
                                .getFirstSequence())
                        .as("LIMB discarded at its limit")
                        .isGreaterThan(1L);
            }
            assertEveryStreamServes(broker);
            String varz = http(httpPort, "/varz").body();
            System.out.printf(
                    "LowMemoryFaultTest: -Xmx%s, %d s: core %d published / %d received, JetStream %d acked / %d"
                            + " refused (429 or timeout), KV %d puts, %d consumed+acked, %d other errors, /varz mem %s%n",
                    heap,
                    SECONDS,
                    corePublished.get(),
                    coreReceived.get(),
                    jsAcked.get(),
                    jsRefused.get(),
                    kvPuts.get(),
                    consumed.get(),
                    errors.get(),
                    memory(varz));
            assertThat(jsAcked.get()).isPositive();
            assertThat(kvPuts.get()).isPositive();
            assertThat(consumed.get()).isPositive();
            assertThat(broker.terminate(Duration.ofSeconds(20))).isNotEqualTo(-1);
        }
    }

    private static List<String> jvmArgs(String heap) {
        List<String> args = new ArrayList<>();
        args.add("-Xmx" + heap);
        for (String o : JVM_OPTS.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                args.add(o);
            }
        }
        return args;
    }

    private void setUp(BrokerProcess broker) throws Exception {
        try (Connection c = broker.connect()) {
            // a cold broker JVM on a loaded machine may take longer than jnats' default 5 s for its first stream
            JetStreamOptions slow = JetStreamOptions.builder()
                    .requestTimeout(Duration.ofSeconds(30))
                    .build();
            JetStreamManagement jsm = c.jetStreamManagement(slow);
            jsm.addStream(limited("LIMA", "lima.>", StorageType.File, 24L * 1024 * 1024));
            jsm.addStream(limited("LIMB", "limb.>", StorageType.File, 12L * 1024 * 1024));
            jsm.addStream(limited("MEM", "mem.>", StorageType.Memory, 4L * 1024 * 1024));
            jsm.addOrUpdateConsumer(
                    "LIMA",
                    ConsumerConfiguration.builder()
                            .durable("reader")
                            .ackPolicy(AckPolicy.Explicit)
                            .build());
            c.keyValueManagement(
                            KeyValueOptions.builder().jetStreamOptions(slow).build())
                    .create(KeyValueConfiguration.builder()
                            .name("lowkv")
                            .storageType(StorageType.File)
                            .maxHistoryPerKey(5)
                            .maxBucketSize(8L * 1024 * 1024)
                            .build());
        }
    }

    private static StreamConfiguration limited(String name, String subject, StorageType storage, long maxBytes) {
        return StreamConfiguration.builder()
                .name(name)
                .subjects(subject)
                .storageType(storage)
                .maxBytes(maxBytes)
                .discardPolicy(DiscardPolicy.Old)
                .build();
    }

    private void core(Connection c, AtomicBoolean stop) {
        Dispatcher d = c.createDispatcher(m -> coreReceived.incrementAndGet());
        d.subscribe("core.>");
        byte[] payload = new byte[1024];
        try {
            while (!stop.get()) {
                for (int i = 0; i < 1_000; i++) {
                    c.publish("core.x", payload);
                }
                corePublished.addAndGet(1_000);
                c.flush(Duration.ofSeconds(5));
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    private void publish(Connection c, String subject, int size, int window, AtomicBoolean stop) {
        byte[] payload = new byte[size];
        ArrayDeque<CompletableFuture<PublishAck>> inFlight = new ArrayDeque<>();
        try {
            JetStream js = c.jetStream();
            while (!stop.get()) {
                inFlight.add(js.publishAsync(subject, payload));
                if (inFlight.size() >= window) {
                    settle(inFlight.poll());
                }
            }
            while (!inFlight.isEmpty()) {
                settle(inFlight.poll());
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    private void settle(CompletableFuture<PublishAck> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
            jsAcked.incrementAndGet();
        } catch (Exception e) {
            jsRefused.incrementAndGet();
        }
    }

    private void put(Connection c, AtomicBoolean stop) {
        byte[] value = new byte[4 * 1024];
        try {
            KeyValue kv = c.keyValue("lowkv");
            for (int i = 0; !stop.get(); i++) {
                try {
                    kv.put("key" + (i % 200), value);
                    kvPuts.incrementAndGet();
                } catch (Exception e) {
                    jsRefused.incrementAndGet();
                }
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    private void consume(Connection c, AtomicBoolean stop) {
        try {
            JetStreamSubscription sub = c.jetStream().subscribe(null, PullSubscribeOptions.bind("LIMA", "reader"));
            while (!stop.get()) {
                for (Message m : sub.fetch(100, Duration.ofMillis(500))) {
                    m.ack();
                    consumed.incrementAndGet();
                }
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    private static void assertEveryStreamServes(BrokerProcess broker) throws Exception {
        try (Connection c = broker.connect()) {
            JetStream js = c.jetStream();
            JetStreamManagement jsm = c.jetStreamManagement();
            for (String[] s : new String[][] {{"LIMA", "lima.x"}, {"LIMB", "limb.x"}, {"MEM", "mem.x"}}) {
                PublishAck ack = js.publish(s[1], new byte[16]);
                assertThat(ack.getStream()).isEqualTo(s[0]);
                assertThat(jsm.getStreamInfo(s[0]).getStreamState().getLastSequence())
                        .isGreaterThanOrEqualTo(ack.getSeqno());
            }
            JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("LIMA", "reader"));
            List<Message> got = sub.fetch(1, Duration.ofSeconds(5));
            assertThat(got).isNotEmpty();
            got.get(0).ackSync(Duration.ofSeconds(5));
            KeyValue kv = c.keyValue("lowkv");
            long rev = kv.put("final", new byte[] {1});
            assertThat(kv.get("final").getRevision()).isEqualTo(rev);
            var sub2 = c.subscribe("core.final");
            c.publish("core.final", new byte[] {2});
            assertThat(sub2.nextMessage(Duration.ofSeconds(5))).isNotNull();
        }
    }

    private static String memory(String varz) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"mem\"\\s*:\\s*(\\d+)").matcher(varz);
        return m.find() ? (Long.parseLong(m.group(1)) >> 20) + " MiB" : "?";
    }

    private static HttpResponse<String> http(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
