package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.Expectations;
import io.natsspring.benchmarks.verify.SequenceTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Core delivery throughput from one publisher to subscribers, each on its own connection: every subscriber gets
 * every message (1→1, fan-out), or the subscribers form a queue group and share them exactly once.
 */
final class DeliveryScenario extends PhasedScenario {

    private static final String QUEUE = "bench-q";

    private final int subscribers;
    private final boolean queueGroup;

    private DeliveryScenario(
            String name, String description, int subscribers, boolean queueGroup, List<Integer> sizes) {
        super(name, description, Kind.THROUGHPUT, false, sizes);
        this.subscribers = subscribers;
        this.queueGroup = queueGroup;
    }

    static DeliveryScenario oneToOne() {
        return new DeliveryScenario(
                "pubsub_1to1", "core 1 publisher -> 1 subscriber throughput", 1, false, List.of(16, 128, 1024, 16384));
    }

    static DeliveryScenario fanOut() {
        return new DeliveryScenario(
                "fanout_1to4", "core 1 publisher -> 4 subscribers, each gets all", 4, false, List.of(128));
    }

    static DeliveryScenario queueGroup() {
        return new DeliveryScenario(
                "queue_4", "core 1 publisher -> queue group of 4, each message exactly once", 4, true, List.of(128));
    }

    @Override
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection pub = context.connection("pub");
        List<Connection> subs = context.connections("sub", subscribers);
        String subject = context.subject(phase);
        List<SequenceTracker> trackers = new ArrayList<>();
        List<Dispatcher> dispatchers = new ArrayList<>();
        try {
            for (int i = 0; i < subscribers; i++) {
                SequenceTracker tracker = new SequenceTracker("subscriber " + (i + 1));
                Dispatcher d = subs.get(i).createDispatcher(m -> tracker.record(payloads.sequenceOf(m.getData())));
                if (queueGroup) {
                    d.subscribe(subject, QUEUE);
                } else {
                    d.subscribe(subject);
                }
                subs.get(i).flush(ScenarioContext.STALL_TIMEOUT);
                trackers.add(tracker);
                dispatchers.add(d);
            }
            DeliveryWindow window = new DeliveryWindow(trackers, queueGroup, payloads.size());

            ResourceMeter.Span span = context.meter().begin();
            long n = 0;
            long start = System.nanoTime();
            while (budget.more(n, start)) {
                if ((n & 63) == 0) {
                    window.awaitRoom(n);
                }
                pub.publish(subject, payloads.stamped(++n));
            }
            pub.flush(ScenarioContext.STALL_TIMEOUT);
            window.awaitAll(n, ScenarioContext.STALL_TIMEOUT);
            ResourceUsage usage = span.end();

            context.checkClientErrors();
            if (queueGroup) {
                Expectations.exactlyOnceAcross(n, trackers);
            } else {
                Expectations.eachReceivedAllInOrder(n, trackers);
            }
            long delivered = trackers.stream().mapToLong(SequenceTracker::count).sum();
            String perSubscriber =
                    trackers.stream().map(t -> Long.toString(t.count())).collect(Collectors.joining("/"));
            return new Measurement(
                    n,
                    payloads.size(),
                    usage,
                    null,
                    Map.of("delivered", Long.toString(delivered), "per_subscriber", perSubscriber));
        } finally {
            for (int i = 0; i < dispatchers.size(); i++) {
                subs.get(i).closeDispatcher(dispatchers.get(i));
            }
        }
    }
}
