package io.natsspring.broker.internal.client;

/**
 * One client subscription as monitoring lists it: subject, queue group ({@code null} for none), sid and the
 * messages delivered to it.
 */
public record SubscriptionDetail(String subject, String queue, String sid, long msgs) {}
