package io.natsspring.broker.internal.launcher;

import io.natsspring.broker.internal.client.ClientJsonWarmUp;
import io.natsspring.broker.internal.jetstream.api.ApiJsonWarmUp;

/**
 * Once the standalone broker is ready, runs the JSON handling of a client's first requests (CONNECT, the
 * JetStream account info, a stream create) on a background thread of the lowest priority, so the first client
 * does not wait for Jackson to be loaded and its (de)serialisers built: about half a second of CPU otherwise billed
 * to the first PONG and JetStream answers (docs/benchmarks.md, "First answers and the AOT cache"). It starts after
 * the client port is bound, so the first INFO does not wait for it; it changes nothing a client can see. Off unless
 * {@code -Dio.natsspring.broker.jsonWarmUp=true}: it costs ~14 MiB of idle RSS (Jackson's classes and their JIT
 * code, which an idle broker otherwise never loads), against the idle-RSS goal. (Started with {@code main} instead, in parallel with the
 * start, it delayed the first INFO: measured, not kept.)
 */
final class JsonWarmUp {

    static final String PROPERTY = "io.natsspring.broker.jsonWarmUp";

    private JsonWarmUp() {}

    /** Starts the warm-up thread when the property says {@code true}; returns it, or {@code null}. */
    static Thread start() {
        if (!"true".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return null;
        }
        Thread t = new Thread(JsonWarmUp::run, "json-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    /** The warm-up itself; a failure only means the first requests do the work themselves. */
    static void run() {
        try {
            ClientJsonWarmUp.run();
            ApiJsonWarmUp.run();
        } catch (RuntimeException | LinkageError e) {
            System.getLogger(JsonWarmUp.class.getName()).log(System.Logger.Level.DEBUG, "JSON warm-up failed: " + e);
        }
    }
}
