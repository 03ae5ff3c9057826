package io.natsspring.kv.listener;

/** What a {@link KeyValueListener} receives when it starts, before the live changes. */
public enum InitialValues {

    /** The latest revision of every matching key first (deleted keys included unless deletes are ignored). */
    INCLUDE,

    /** Only changes made after the listener started. */
    UPDATES_ONLY,

    /** Every revision the bucket still keeps of every matching key first (its history), oldest first. */
    INCLUDE_HISTORY
}
