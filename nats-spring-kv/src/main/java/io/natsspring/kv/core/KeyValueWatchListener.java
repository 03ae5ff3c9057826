package io.natsspring.kv.core;

/**
 * Receives the changes of the keys a {@link KeyValueOperations#watch watch} matches, on the connection's dispatcher
 * thread (one entry at a time, in revision order): keep it short or hand the work off.
 */
@FunctionalInterface
public interface KeyValueWatchListener<T> {

    /** A put, delete or purge of a matching key (or, first, its latest revision when initial values are asked). */
    void onEntry(KeyValueEntry<T> entry);

    /**
     * The initial values have all been delivered (immediately when there were none or only updates were asked);
     * later calls of {@link #onEntry} are live changes.
     */
    default void onInitialValuesDelivered() {}

    /**
     * A value could not be converted; the watch goes on with the next entry. By default the failure is rethrown, which
     * jnats reports to the connection's error listener.
     */
    default void onConversionError(KeyValueConversionException ex) {
        throw ex;
    }
}
