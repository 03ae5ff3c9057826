package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.ResponsePermission;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reply subjects a connection with {@code allow_responses} may publish to: each message delivered to it with a
 * reply subject it could not otherwise publish to grants up to {@code max} responses within {@code expires}, as
 * {@code nats-server} tracks them. Grants are recorded by whichever thread delivers and used on the connection's
 * event loop, hence the concurrent map. Bounded: used-up and expired grants are pruned every
 * {@value #PRUNE_EVERY} grants, and past {@value #LIMIT} live grants arbitrary ones are dropped.
 */
final class ResponsePermits {

    static final int LIMIT = 65_536;
    static final int PRUNE_EVERY = 4096;

    private final int maxMsgs;
    private final long expiresNanos;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final AtomicInteger sincePrune = new AtomicInteger();

    ResponsePermits(ResponsePermission permission) {
        this.maxMsgs = permission.maxMsgs();
        this.expiresNanos =
                permission.expires().isNegative() ? -1 : permission.expires().toNanos();
    }

    /** A message with reply subject {@code reply} was delivered: responses to it are allowed from now on. */
    void granted(String reply) {
        grants.put(reply, new Grant(System.nanoTime()));
        if (sincePrune.incrementAndGet() > PRUNE_EVERY || grants.size() > LIMIT) {
            sincePrune.set(0);
            prune();
        }
    }

    /** True when a response may be published to {@code subject} now; counts it. */
    boolean use(String subject) {
        Grant grant = grants.get(subject);
        if (grant == null) {
            return false;
        }
        int n = grant.used.incrementAndGet();
        if ((maxMsgs > 0 && n > maxMsgs) || expired(grant, System.nanoTime())) {
            grants.remove(subject, grant);
            return false;
        }
        return true;
    }

    int size() {
        return grants.size();
    }

    private boolean expired(Grant grant, long now) {
        return expiresNanos > 0 && now - grant.grantedAt > expiresNanos;
    }

    private void prune() {
        long now = System.nanoTime();
        grants.entrySet()
                .removeIf(e -> (maxMsgs > 0 && e.getValue().used.get() >= maxMsgs) || expired(e.getValue(), now));
        Iterator<String> keys = grants.keySet().iterator();
        while (grants.size() > LIMIT && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private static final class Grant {
        private final long grantedAt;
        private final AtomicInteger used = new AtomicInteger();

        Grant(long grantedAt) {
            this.grantedAt = grantedAt;
        }
    }
}
