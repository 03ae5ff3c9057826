package io.natsspring.kv.leader.integration;

import io.natsspring.kv.leader.LeadershipContext;
import io.natsspring.kv.leader.LeadershipEventPublisher;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.LeaderEventPublisher;

/**
 * Reports leadership through Spring Integration's {@link LeaderEventPublisher} (its {@code DefaultLeaderEventPublisher}
 * publishes {@code OnGrantedEvent} and {@code OnRevokedEvent}), with the role's {@link LeadershipContext} as its
 * {@link Context}.
 */
public class IntegrationLeadershipEventPublisher implements LeadershipEventPublisher {

    private final LeaderEventPublisher delegate;

    /** Publishes through {@code delegate}. */
    public IntegrationLeadershipEventPublisher(LeaderEventPublisher delegate) {
        this.delegate = delegate;
    }

    @Override
    public void publishGranted(Object source, LeadershipContext context) {
        delegate.publishOnGranted(source, adapt(context), context.getRole());
    }

    @Override
    public void publishRevoked(Object source, LeadershipContext context) {
        delegate.publishOnRevoked(source, adapt(context), context.getRole());
    }

    /** {@code context} as Spring Integration's {@link Context}. */
    public static Context adapt(LeadershipContext context) {
        return new Context() {
            @Override
            public boolean isLeader() {
                return context.isLeader();
            }

            @Override
            public void yield() {
                context.yieldLeadership();
            }

            @Override
            public String getRole() {
                return context.getRole();
            }

            @Override
            public String toString() {
                return context.toString();
            }
        };
    }
}
