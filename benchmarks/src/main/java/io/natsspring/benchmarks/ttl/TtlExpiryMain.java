package io.natsspring.benchmarks.ttl;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Per-message TTL expiry of many messages on the embedded broker: publishes {@code n} messages with
 * {@code Nats-TTL}, then measures how long the broker takes to remove them all once they are due, the process CPU
 * time spent meanwhile, and the heap the TTL index costs (after a GC, before and after publishing).
 *
 * <pre>java -cp benchmarks.jar io.natsspring.benchmarks.ttl.TtlExpiryMain [memory|file] [messages] [ttlSeconds]</pre>
 */
public final class TtlExpiryMain {

    private static final int WINDOW = 10_000;

    private TtlExpiryMain() {}

    public static void main(String[] args) throws Exception {
        StorageType storage = args.length > 0 && args[0].equals("file") ? StorageType.File : StorageType.Memory;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int ttl = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("ttl-bench");
        try (NatsBroker broker = new NatsBroker(BrokerOptions.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .jetStream(true)
                                .storeDir(dir)
                                .build())
                        .start();
                Connection nc = Nats.connect(
                        new Options.Builder().server(broker.clientUrl()).build())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStream js = nc.jetStream();
            jsm.addStream(StreamConfiguration.builder()
                    .name("TTL")
                    .subjects("ttl.>")
                    .storageType(storage)
                    .allowMessageTtl()
                    .build());
            long heapBefore = usedHeapAfterGc();
            PublishOptions options =
                    PublishOptions.builder().messageTtlSeconds(ttl).build();
            byte[] payload = new byte[32];
            long start = System.nanoTime();
            ArrayDeque<CompletableFuture<PublishAck>> inFlight = new ArrayDeque<>();
            for (int i = 0; i < n; i++) {
                inFlight.add(js.publishAsync("ttl." + (i % 1000), payload, options));
                if (inFlight.size() >= WINDOW) {
                    inFlight.poll().get();
                }
            }
            while (!inFlight.isEmpty()) {
                inFlight.poll().get();
            }
            long published = System.nanoTime();
            long heapWithMessages = usedHeapAfterGc();
            long firstDue = start + Duration.ofSeconds(ttl).toNanos();
            while (System.nanoTime() < firstDue) {
                Thread.sleep(10);
            }
            long cpuBefore = processCpuNanos();
            long lastDue = published + Duration.ofSeconds(ttl).toNanos();
            while (jsm.getStreamInfo("TTL").getStreamState().getMsgCount() > 0) {
                Thread.sleep(20);
            }
            long expired = System.nanoTime();
            long cpu = processCpuNanos() - cpuBefore;
            long heapAfter = usedHeapAfterGc();
            System.out.printf(
                    "ttl-expiry storage=%s messages=%d ttl=%ds%n",
                    storage.name().toLowerCase(), n, ttl);
            System.out.printf(
                    "  publish: %.1f s (%.0f msg/s)%n", (published - start) / 1e9, n / ((published - start) / 1e9));
            System.out.printf("  expiry: last message gone %.2f s after it was due%n", (expired - lastDue) / 1e9);
            System.out.printf(
                    "  process CPU from the first due time until all were gone (%.1f s): %.2f s%n",
                    (expired - firstDue) / 1e9, cpu / 1e9);
            System.out.printf(
                    "  heap: %d MB before, %d MB with the messages, %d MB after expiry%n",
                    heapBefore >> 20, heapWithMessages >> 20, heapAfter >> 20);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
