package io.natsspring.kv.core;

/** A running {@link KeyValueOperations#watch watch}; {@link #close()} stops it. */
public interface KeyValueWatch extends AutoCloseable {

    /** Whether the watch still receives changes. */
    boolean isActive();

    /** Stops the watch; calling it again does nothing. */
    @Override
    void close();
}
