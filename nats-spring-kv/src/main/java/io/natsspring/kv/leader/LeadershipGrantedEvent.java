package io.natsspring.kv.leader;

/** The candidate now leads the role. */
public class LeadershipGrantedEvent extends LeadershipEvent {

    /** The role of {@code context} was granted. */
    public LeadershipGrantedEvent(Object source, LeadershipContext context) {
        super(source, context);
    }
}
