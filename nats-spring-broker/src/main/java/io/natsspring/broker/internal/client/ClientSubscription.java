package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.Permissions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/** A client's SUB: delivers MSG/HMSG frames into the owning connection's outbound buffer. */
final class ClientSubscription extends Subscription {

    private static final VarHandle DELIVERED;

    static {
        try {
            DELIVERED = MethodHandles.lookup().findVarHandle(ClientSubscription.class, "delivered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ClientConnection client;
    private final byte[] sidBytes;
    private volatile Permissions deliverFilter;
    /** Messages offered so far (through {@link #DELIVERED}: no {@code AtomicLong} object per subscription). */
    private volatile long delivered;

    private volatile long max = -1;

    /**
     * {@code deliverFilter} is the owner's permissions when this subscription overlaps a subscribe-deny pattern
     * (each message is then checked), otherwise {@code null}.
     */
    ClientSubscription(
            ClientConnection client, String subject, String queueGroup, String sid, Permissions deliverFilter) {
        super(subject, queueGroup);
        this.deliverFilter = deliverFilter;
        this.client = client;
        this.sidBytes = sid.getBytes(StandardCharsets.UTF_8);
    }

    /** The sid (decoded from {@link #sidBytes()}: the string is not kept, ~48 bytes per subscription). */
    String sid() {
        return new String(sidBytes, StandardCharsets.UTF_8);
    }

    /** Replaces the deliver filter after a configuration reload changed the owner's permissions. */
    void deliverFilter(Permissions filter) {
        this.deliverFilter = filter;
    }

    byte[] sidBytes() {
        return sidBytes;
    }

    long delivered() {
        return delivered;
    }

    /** Sets the auto-unsubscribe limit; returns true when it is already reached. */
    boolean limit(long max) {
        this.max = max;
        return delivered >= max;
    }

    @Override
    public ClientConnection owner() {
        return client;
    }

    /** Whether more messages were offered than the auto-unsubscribe limit lets through (a refusal's reason). */
    boolean overLimit() {
        long limit = max;
        return limit > 0 && delivered > limit;
    }

    @Override
    public boolean deliver(InboundMessage m, FlushBatch batch) {
        Permissions filter = deliverFilter;
        if (filter != null && !filter.canDeliver(m.subject())) {
            return false;
        }
        // Count first, then read the limit: a concurrent UNSUB with a max either sees this delivery in its
        // count (and removes the subscription itself) or this thread sees the new limit.
        long n = (long) DELIVERED.getAndAdd(this, 1L) + 1;
        long limit = max;
        if (limit > 0 && n > limit) {
            return false;
        }
        if (!client.enqueueMsg(m, sidBytes)) {
            return false;
        }
        batch.add(client);
        client.delivered(m);
        if (limit > 0 && n == limit) {
            client.autoUnsubscribed(this);
        }
        return true;
    }
}
