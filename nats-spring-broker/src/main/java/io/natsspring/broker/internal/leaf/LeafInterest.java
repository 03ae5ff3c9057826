package io.natsspring.broker.internal.leaf;

import io.natsspring.broker.internal.client.InterestListener;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.client.Subscription;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The interest one link announces to its peer: the subscriptions of the link's account counted by key ({@code
 * subject} or {@code subject queue}, as nats-server's {@code smap}); {@code LS+} when a key appears (and, for a
 * queue, whenever its weight changes), {@code LS-} when it disappears. Thread-safe.
 */
final class LeafInterest implements InterestListener {

    /** Where the protocol lines go. */
    interface Sink {
        void line(String line);
    }

    private final MessageRouter router;
    private final Predicate<Subscription> announced;
    private final Sink sink;
    private final Map<String, Integer> counts = new HashMap<>();
    private final Set<Subscription> tracked = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    /** {@code announced} selects the subscriptions the peer is told of. */
    LeafInterest(MessageRouter router, Predicate<Subscription> announced, Sink sink) {
        this.router = router;
        this.announced = announced;
        this.sink = sink;
    }

    /** Registers with the router and announces what is there now, plus {@code extra} keys (loop detection). */
    synchronized void start(List<String> extra) {
        StringBuilder b = new StringBuilder();
        for (String key : extra) {
            b.append("LS+ ").append(key).append("\r\n");
        }
        List<Subscription> now = router.addInterestListener(this);
        for (Subscription s : now) {
            if (announced.test(s) && tracked.add(s)) {
                counts.merge(key(s), 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            b.append(line(e.getKey(), e.getValue()));
        }
        if (b.length() > 0) {
            sink.line(b.toString());
        }
    }

    synchronized void stop() {
        closed = true;
        router.removeInterestListener(this);
        counts.clear();
        tracked.clear();
    }

    @Override
    public synchronized void subscribed(Subscription s) {
        if (closed || !announced.test(s) || !tracked.add(s)) {
            return;
        }
        String key = key(s);
        int n = counts.merge(key, 1, Integer::sum);
        if (n == 1 || s.queueGroup() != null) {
            sink.line(line(key, n));
        }
    }

    @Override
    public synchronized void unsubscribed(Subscription s) {
        if (closed || !tracked.remove(s)) {
            return;
        }
        String key = key(s);
        Integer n = counts.get(key);
        if (n == null) {
            return;
        }
        if (n <= 1) {
            counts.remove(key);
            sink.line("LS- " + key + "\r\n");
        } else {
            counts.put(key, n - 1);
            if (s.queueGroup() != null) {
                sink.line(line(key, n - 1));
            }
        }
    }

    /** The number of keys announced (the link's subscription count in monitoring). */
    synchronized int size() {
        return counts.size();
    }

    private static String key(Subscription s) {
        return s.queueGroup() == null ? s.subject() : s.subject() + " " + s.queueGroup();
    }

    private static String line(String key, int n) {
        return key.indexOf(' ') < 0 ? "LS+ " + key + "\r\n" : "LS+ " + key + " " + n + "\r\n";
    }
}
