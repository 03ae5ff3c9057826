package io.natsspring.benchmarks.leaf;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.benchmarks.measure.ClockTicks;
import io.natsspring.benchmarks.measure.ProcFs;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Core messages across the link of a {@link LeafPair}: a publisher on one side, a subscriber on the other, {@code
 * count} messages of {@code size} bytes published as fast as the client goes; the rate is counted from the first
 * publish to the last receipt, and the CPU both server processes spent in that time is divided by the messages.
 */
final class LinkThroughput {

    /** One measurement: messages per second, server CPU (hub + leaf) per message in µs, messages lost. */
    record Result(double msgsPerSecond, double cpuMicrosPerMessage, long lost) {}

    private static final Duration STALL = Duration.ofSeconds(15);

    private LinkThroughput() {}

    /**
     * Measures one direction.
     *
     * @param leafToHub publisher on the leaf, subscriber on the hub (else the other way round)
     */
    static Result measure(LeafPair pair, boolean leafToHub, int size, int count, String subject) throws Exception {
        LeafServerProcess pubSide = leafToHub ? pair.leaf() : pair.hub();
        LeafServerProcess subSide = leafToHub ? pair.hub() : pair.leaf();
        try (Connection pub = connect(pubSide);
                Connection sub = connect(subSide)) {
            AtomicLong received = new AtomicLong();
            AtomicLong lastNanos = new AtomicLong();
            CountDownLatch probe = new CountDownLatch(1);
            Dispatcher d = sub.createDispatcher(m -> {
                if (m.getSubject().equals(subject)) {
                    received.incrementAndGet();
                    lastNanos.set(System.nanoTime());
                } else {
                    probe.countDown();
                }
            });
            d.setPendingLimits(4_000_000, 1L << 30);
            d.subscribe(subject);
            d.subscribe(subject + ".probe");
            sub.flush(Duration.ofSeconds(10));
            // the subject's interest went over the link before the probe's: once a probe arrives, both are there
            long probeDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!probe.await(50, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > probeDeadline) {
                    throw new IllegalStateException("no interest across the link of " + pair.label());
                }
                pub.publish(subject + ".probe", new byte[0]);
                pub.flush(Duration.ofSeconds(5));
            }
            byte[] payload = new byte[size];
            ProcFs proc = ProcFs.system();
            long cpuBefore = proc.processCpuTicks(pair.hub().pid())
                    + proc.processCpuTicks(pair.leaf().pid());
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                pub.publish(subject, payload);
            }
            pub.flush(Duration.ofSeconds(60));
            long seen = -1;
            long stallSince = System.nanoTime();
            while (received.get() < count) {
                long now = received.get();
                if (now != seen) {
                    seen = now;
                    stallSince = System.nanoTime();
                } else if (System.nanoTime() - stallSince > STALL.toNanos()) {
                    break;
                }
                Thread.sleep(5);
            }
            long end = received.get() == 0 ? System.nanoTime() : lastNanos.get();
            long cpuAfter = proc.processCpuTicks(pair.hub().pid())
                    + proc.processCpuTicks(pair.leaf().pid());
            long got = received.get();
            double seconds = (end - start) / 1e9;
            double cpuMicros = (cpuAfter - cpuBefore) * (double) ClockTicks.nanosPerTick() / 1000.0;
            sub.closeDispatcher(d);
            return new Result(got / seconds, cpuMicros / Math.max(1, got), count - got);
        }
    }

    static Connection connect(LeafServerProcess server) throws Exception {
        return Nats.connect(Options.builder()
                .server(server.url())
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100))
                .errorListener(new ErrorListener() {
                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        // refused reconnects while a hub is stopped on purpose
                    }
                })
                .build());
    }
}
