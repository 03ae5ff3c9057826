package io.natsspring.annotation.listener;

import java.util.List;

/**
 * The runtime of one annotated listener method, controllable by id through the {@link NatsListenerEndpointRegistry}.
 */
public interface NatsListenerContainer {

    /** The listener id. */
    String getId();

    /** {@code core} or {@code jetstream}. */
    String getKind();

    /** The subjects (core) or filter subjects (JetStream) this container receives. */
    List<String> getSubjects();

    /** Whether the registry starts it with the application context. */
    boolean isAutoStartup();

    /** Subscribes (core) or starts consuming (JetStream). */
    void start();

    /** Stops receiving, waits for in-flight handlers (bounded by the shutdown timeout) and releases resources. */
    void stop();

    boolean isRunning();

    /**
     * Stops receiving while staying started: a core listener unsubscribes (messages published meanwhile are not seen,
     * as core NATS is at-most-once); a JetStream listener stops pulling, and messages stay in the stream.
     */
    void pause();

    /** Receives again after {@link #pause()}. */
    void resume();

    boolean isPaused();

    /**
     * Whether it receives right now: running, not paused, and (JetStream) its subscription or pull is live, which it
     * is not while the connection is down or until it has re-pulled after a reconnect.
     */
    default boolean isConsuming() {
        return isRunning() && !isPaused();
    }

    /** Messages being handled right now. */
    int getInFlight();
}
