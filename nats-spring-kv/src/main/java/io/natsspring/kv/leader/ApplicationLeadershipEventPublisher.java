package io.natsspring.kv.leader;

import org.springframework.context.ApplicationEventPublisher;

/** Publishes {@link LeadershipGrantedEvent} and {@link LeadershipRevokedEvent} as application events. */
public class ApplicationLeadershipEventPublisher implements LeadershipEventPublisher {

    private final ApplicationEventPublisher publisher;

    /** Publishes through {@code publisher}. */
    public ApplicationLeadershipEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publishGranted(Object source, LeadershipContext context) {
        publisher.publishEvent(new LeadershipGrantedEvent(source, context));
    }

    @Override
    public void publishRevoked(Object source, LeadershipContext context) {
        publisher.publishEvent(new LeadershipRevokedEvent(source, context));
    }
}
