package io.natsspring.broker.internal.routing;

/**
 * Something the broker stores in a {@link SubjectTree}: a client subscription or an internal listener. The tree
 * compares entries by identity and reads {@link #subject()} and {@link #queueGroup()} on insert and remove, so
 * both must stay fixed while the entry is in a tree.
 */
public interface RoutedSubscription {

    /** The subscribe subject; may contain the wildcard tokens {@code *} and {@code >}. */
    String subject();

    /** The queue group name, or {@code null} when the subscription is not in a queue group. */
    String queueGroup();
}
