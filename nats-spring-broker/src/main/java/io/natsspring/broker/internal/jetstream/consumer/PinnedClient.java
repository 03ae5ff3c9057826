package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiTime;

/**
 * The pin of a {@code pinned_client} consumer (ADR-42): the id handed to the client that got the first message,
 * when that was, and when the pin lapses unless that client asks again within {@code priority_timeout}. Like
 * {@code nats-server} the pin lives in memory only (a restarted consumer is unpinned). Consumer thread only.
 */
final class PinnedClient {

    private final StreamConsumers host;
    private final Consumer consumer;
    private String id;
    private String group;
    private long pinnedWallNanos;
    private long expiresAt;

    PinnedClient(StreamConsumers host, Consumer consumer) {
        this.host = host;
        this.consumer = consumer;
    }

    /** The current pin id, or {@code null} when nobody is pinned. */
    String id() {
        return id;
    }

    /** When the current pin was given (epoch nanoseconds), {@code 0} when nobody is pinned. */
    long pinnedWallNanos() {
        return pinnedWallNanos;
    }

    /** Pins the client of {@code r} (which must name a group) and announces it. */
    void assign(PullRequest r, long now) {
        id = ConsumerAdvisories.randomId();
        group = r.priority.group;
        pinnedWallNanos = ApiTime.nowNanos();
        r.priority.pinId = id;
        expiresAt = now + consumer.config().priorityTimeoutNanos();
        host.advisories().pinned(host.streamName(), consumer.name(), group, id);
    }

    /** The pinned client asked again: its pin lasts another {@code priority_timeout}. */
    void refresh(String requestGroup, long now) {
        group = requestGroup;
        expiresAt = now + consumer.config().priorityTimeoutNanos();
    }

    /** Forgets the pin without announcing it (a pin given to a request that could not take the message). */
    void clear() {
        id = null;
        pinnedWallNanos = 0;
        expiresAt = 0;
    }

    /** Unpins ({@code reason} {@code admin} or {@code timeout}) and announces it for {@code advisoryGroup}. */
    void unpin(String advisoryGroup, String reason) {
        clear();
        host.advisories().unpinned(host.streamName(), consumer.name(), advisoryGroup, reason);
    }

    /** Timer round: lets a pin lapse after {@code priority_timeout} without requests; true when it did. */
    boolean tick(long now) {
        if (id == null || now - expiresAt < 0) {
            return false;
        }
        unpin(group, "timeout");
        return true;
    }
}
