package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.time.GoTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sender inside the broker that makes requests as a client would, e.g. a mirror or source creating its consumer on
 * the origin stream ({@code nats-server}'s internal JetStream client of the stream). Set on the sending thread around
 * the publication ({@link #run(Runnable)}), so that the JetStream API, which is reached synchronously, describes it
 * in its audit advisory as {@code nats-server} does: {@code start}, {@code id}, {@code acc}, {@code server} and
 * {@code kind}.
 *
 * @param id            a number of its own (internal clients are numbered apart from connections)
 * @param startedMillis when it was created
 * @param account       the account it sends in
 * @param kind          {@code nats-server}'s kind name, {@code JetStream} for a stream's client
 */
public record InternalClient(long id, long startedMillis, String account, String kind) {

    private static final AtomicLong IDS = new AtomicLong();
    private static final ThreadLocal<InternalClient> CURRENT = new ThreadLocal<>();

    /** A new internal JetStream client sending in {@code account}. */
    public static InternalClient jetStream(String account) {
        return new InternalClient(IDS.incrementAndGet(), System.currentTimeMillis(), account, "JetStream");
    }

    /** Runs {@code task} on this thread with this client as the sender of what it publishes. */
    public void run(Runnable task) {
        InternalClient outer = CURRENT.get();
        CURRENT.set(this);
        try {
            task.run();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The internal client publishing on this thread, or {@code null}. */
    public static InternalClient current() {
        return CURRENT.get();
    }

    /** Its {@code client} block in advisories, in {@code nats-server}'s key order (empty values left out). */
    public Map<String, Object> forAdvisory(String serverName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", GoTime.format(Instant.ofEpochMilli(startedMillis)));
        m.put("id", id);
        if (account != null && !account.isEmpty()) {
            m.put("acc", account);
        }
        if (serverName != null && !serverName.isEmpty()) {
            m.put("server", serverName);
        }
        m.put("kind", kind);
        return m;
    }
}
