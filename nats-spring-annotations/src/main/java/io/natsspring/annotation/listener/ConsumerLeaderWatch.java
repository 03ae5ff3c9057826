package io.natsspring.annotation.listener;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tells a pull listener that its consumer has a new leader on a clustered server. The pull requests waiting at the
 * old leader are gone with it (a node killed, a leader stepped down), and jnats would only notice when its
 * missed-heartbeat alarm fires, up to a minute later. The server announces each election on
 * {@code $JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.<stream>.<consumer>}; on that advisory the container pulls again
 * from the new leader at once. Where the account may not subscribe to advisories the alarm remains the fallback.
 */
final class ConsumerLeaderWatch {

    private static final Log LOG = LogFactory.getLog(ConsumerLeaderWatch.class);
    static final String SUBJECT_PREFIX = "$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.";

    private final String id;
    private final Connection connection;
    private final Runnable onElected;
    private @Nullable Dispatcher dispatcher;
    private @Nullable String subject;

    ConsumerLeaderWatch(String id, Connection connection, Runnable onElected) {
        this.id = id;
        this.connection = connection;
        this.onElected = onElected;
    }

    /**
     * Watches the elections of {@code consumer} on {@code stream}, replacing a watch of another consumer; a watch of
     * the same consumer is kept (jnats resubscribes it after a reconnect).
     */
    synchronized void watch(String stream, String consumer) {
        String advisory = SUBJECT_PREFIX + stream + "." + consumer;
        if (dispatcher != null && advisory.equals(subject)) {
            return;
        }
        unwatch();
        try {
            Dispatcher created = connection.createDispatcher(message -> {
                LOG.info("Listener '" + id + "': consumer '" + consumer + "' of stream '" + stream
                        + "' has a new leader, pulling from it");
                onElected.run();
            });
            created.subscribe(advisory);
            dispatcher = created;
            subject = advisory;
        } catch (RuntimeException ex) {
            LOG.debug("Listener '" + id + "' does not watch its consumer's leader elections: " + ex.getMessage());
        }
    }

    /** Stops watching. */
    synchronized void unwatch() {
        Dispatcher current = dispatcher;
        dispatcher = null;
        subject = null;
        if (current != null) {
            try {
                connection.closeDispatcher(current);
            } catch (RuntimeException ex) {
                // the connection is closing
            }
        }
    }
}
