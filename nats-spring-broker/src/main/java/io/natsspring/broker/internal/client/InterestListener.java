package io.natsspring.broker.internal.client;

/**
 * Told of every subscription added to or removed from one account's router (a leaf-node link turns them into
 * {@code LS+} / {@code LS-}). Called on the thread that changes the subscription; must not block.
 */
public interface InterestListener {

    /** {@code s} was added. */
    void subscribed(Subscription s);

    /** {@code s} was removed. */
    void unsubscribed(Subscription s);
}
