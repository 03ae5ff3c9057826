package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.VerificationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routing through a large subscription table: {@code subscriptions} subscriptions {@code <base>.<i>.*} (one
 * wildcard each) on one connection, then publishes to {@code <base>.<k>.x} for random {@code k}, each matching
 * exactly one of them. Figures: publish throughput with every message delivered, the time to subscribe them all
 * (with a flush) and the server's memory growth per subscription.
 */
final class WildcardSubscriptionsScenario extends OneShotScenario {

    private final int subscriptions;

    WildcardSubscriptionsScenario(int subscriptions) {
        super(
                "scale_subs_" + Counts.label(subscriptions),
                subscriptions + " wildcard subscriptions on one connection, publishes routed through them",
                Kind.THROUGHPUT,
                false);
        this.subscriptions = subscriptions;
    }

    @Override
    Measurement measure(ScenarioContext context, Payloads payloads) throws Exception {
        String base = context.subject("subs");
        Connection sub = context.connection("subs");
        Connection pub = context.connection("pub");
        ServerGrowth growth = ServerGrowth.before(context);
        AtomicLong received = new AtomicLong();
        Dispatcher d = sub.createDispatcher(m -> received.incrementAndGet());
        d.setPendingLimits(-1, -1);
        long t0 = System.nanoTime();
        for (int i = 0; i < subscriptions; i++) {
            d.subscribe(base + "." + i + ".*");
        }
        sub.flush(Duration.ofSeconds(60));
        long subscribeMillis = (System.nanoTime() - t0) / 1_000_000;
        pub.flush(Duration.ofSeconds(10));
        Map<String, String> extra = new LinkedHashMap<>(growth.now("sub", subscriptions));

        ResourceMeter.Span span = context.meter().begin();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long n = 0;
        long start = System.nanoTime();
        while (context.measure().more(n, start)) {
            n++;
            pub.publish(base + "." + random.nextInt(subscriptions) + ".x", payloads.stamped(n));
        }
        pub.flush(Duration.ofSeconds(10));
        awaitCount(received, n);
        ResourceUsage usage = span.end();
        extra.put("subscriptions", Integer.toString(subscriptions));
        extra.put("subscribe_ms", Long.toString(subscribeMillis));
        extra.put("delivered", Long.toString(received.get()));
        return new Measurement(n, payloads.size(), usage, null, extra);
    }

    /** Waits until {@code counter} reaches {@code expected}, failing when it stalls. */
    static void awaitCount(AtomicLong counter, long expected) throws Exception {
        long last = -1;
        long lastChange = System.nanoTime();
        while (counter.get() < expected) {
            long now = counter.get();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > ScenarioContext.STALL_TIMEOUT.toNanos()) {
                throw new VerificationException("delivered " + now + " of " + expected + ", stalled");
            }
            Thread.sleep(1);
        }
        if (counter.get() != expected) {
            throw new VerificationException("delivered " + counter.get() + " of " + expected);
        }
    }
}
