package io.natsspring.kv.leader;

import org.springframework.context.ApplicationEvent;

/** A change of leadership of a role, published by {@link ApplicationLeadershipEventPublisher}. */
public abstract class LeadershipEvent extends ApplicationEvent {

    private final LeadershipContext context;

    /** An event from {@code source} about {@code context}. */
    protected LeadershipEvent(Object source, LeadershipContext context) {
        super(source);
        this.context = context;
    }

    /** The leadership concerned. */
    public LeadershipContext getContext() {
        return context;
    }

    /** The role. */
    public String getRole() {
        return context.getRole();
    }
}
