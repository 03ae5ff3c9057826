package io.natsspring.broker.internal.routing;

/** Subscription stored by the routing tests; {@code name} only helps reading failures. */
record TestSubscription(String subject, String queueGroup, String name) implements RoutedSubscription {

    static TestSubscription plain(String subject) {
        return new TestSubscription(subject, null, subject);
    }

    static TestSubscription queued(String subject, String queueGroup) {
        return new TestSubscription(subject, queueGroup, subject + "@" + queueGroup);
    }
}
