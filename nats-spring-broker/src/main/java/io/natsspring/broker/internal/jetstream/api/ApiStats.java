package io.natsspring.broker.internal.jetstream.api;

import java.util.concurrent.atomic.AtomicLong;

/** Counters reported under {@code api} in account info: requests handled and how many were errors. */
public final class ApiStats {

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    void request() {
        total.incrementAndGet();
    }

    void error() {
        errors.incrementAndGet();
    }

    public long total() {
        return total.get();
    }

    public long errors() {
        return errors.get();
    }
}
