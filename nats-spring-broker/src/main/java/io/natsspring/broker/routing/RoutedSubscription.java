package io.natsspring.broker.routing;

/** TEMPORARY STUB (replaced by the routing branch). */
public interface RoutedSubscription {
    String subject();

    String queueGroup();
}
