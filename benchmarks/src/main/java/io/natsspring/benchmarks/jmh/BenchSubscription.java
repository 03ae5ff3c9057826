package io.natsspring.benchmarks.jmh;

import io.natsspring.broker.internal.routing.RoutedSubscription;

/** A subscription as the subject tree sees it: a subject and an optional queue group. Compared by identity. */
final class BenchSubscription implements RoutedSubscription {

    private final String subject;
    private final String queueGroup;

    BenchSubscription(String subject, String queueGroup) {
        this.subject = subject;
        this.queueGroup = queueGroup;
    }

    @Override
    public String subject() {
        return subject;
    }

    @Override
    public String queueGroup() {
        return queueGroup;
    }
}
