package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code nats-server}'s advisory that the JetStream API queue limit was reached and its requests were dropped:
 * {@code io.nats.jetstream.advisory.v1.api_limit_reached} on {@code $JS.EVENT.ADVISORY.API.LIMIT_REACHED}, with
 * the server's name and the number of requests dropped.
 */
final class ApiLimitAdvisory {

    static final String SUBJECT = "$JS.EVENT.ADVISORY.API.LIMIT_REACHED";
    static final String TYPE = "io.nats.jetstream.advisory.v1.api_limit_reached";
    private static final char[] ID_CHARS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final InternalPublisher publisher;
    private final String serverName;
    private final Executor executor;
    private final String domain;

    /** @param domain the server's JetStream domain, {@code null} when none */
    ApiLimitAdvisory(InternalPublisher publisher, String serverName, Executor executor, String domain) {
        this.publisher = publisher;
        this.serverName = serverName;
        this.executor = executor;
        this.domain = domain;
    }

    /** Publishes the advisory for {@code dropped} requests, off the calling (network) thread. */
    void publish(long dropped) {
        ObjectNode o = ApiJson.object();
        o.put("type", TYPE);
        o.put("id", randomId());
        o.put("timestamp", ApiTime.format(ApiTime.nowNanos()));
        o.put("server", serverName);
        ApiAdvisories.putDomain(o, domain);
        o.put("dropped", dropped);
        byte[] body = ApiJson.bytes(o);
        try {
            executor.execute(() -> {
                if (publisher.hasInterest(SUBJECT)) {
                    publisher.publishNow(SUBJECT, null, body);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private static String randomId() {
        char[] c = new char[22];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_CHARS[ThreadLocalRandom.current().nextInt(ID_CHARS.length)];
        }
        return new String(c);
    }
}
