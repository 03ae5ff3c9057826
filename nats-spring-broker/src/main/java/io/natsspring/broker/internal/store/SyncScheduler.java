package io.natsspring.broker.internal.store;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The one daemon thread shared by all file stores for their periodic fsync. */
final class SyncScheduler {

    private static final ScheduledExecutorService EXECUTOR = create();

    private SyncScheduler() {}

    private static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "stream-store-sync");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    static ScheduledExecutorService executor() {
        return EXECUTOR;
    }
}
