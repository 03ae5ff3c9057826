package io.natsspring.broker.internal.store;

/**
 * Told about every message that leaves a store, whatever the cause (limit eviction, expiry, delete, purge,
 * compact). Called on the mutating thread while the store's write lock is held: keep it short, and do not call
 * mutating store methods from it (reads are allowed).
 */
@FunctionalInterface
public interface StoreRemovalListener {

    void removed(long seq, String subject);
}
