package io.natsspring.broker.client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** A client's SUB: delivers MSG/HMSG frames into the owning connection's outbound buffer. */
final class ClientSubscription extends Subscription {

    private final ClientConnection client;
    private final String sid;
    private final byte[] sidBytes;
    private final AtomicLong delivered = new AtomicLong();
    private volatile long max = -1;

    ClientSubscription(ClientConnection client, String subject, String queueGroup, String sid) {
        super(subject, queueGroup);
        this.client = client;
        this.sid = sid;
        this.sidBytes = sid.getBytes(StandardCharsets.UTF_8);
    }

    String sid() {
        return sid;
    }

    byte[] sidBytes() {
        return sidBytes;
    }

    long delivered() {
        return delivered.get();
    }

    /** Sets the auto-unsubscribe limit; returns true when it is already reached. */
    boolean limit(long max) {
        this.max = max;
        return delivered.get() >= max;
    }

    @Override
    public ClientConnection owner() {
        return client;
    }

    @Override
    public boolean deliver(InboundMessage m, FlushBatch batch) {
        long limit = max;
        long n;
        if (limit > 0) {
            n = delivered.incrementAndGet();
            if (n > limit) {
                return false;
            }
        } else {
            n = delivered.incrementAndGet();
        }
        if (!client.enqueueMsg(m, sidBytes)) {
            return false;
        }
        batch.add(client);
        if (limit > 0 && n == limit) {
            client.autoUnsubscribed(this);
        }
        return true;
    }
}
