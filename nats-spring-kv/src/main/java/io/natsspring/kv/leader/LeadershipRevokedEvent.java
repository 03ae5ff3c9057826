package io.natsspring.kv.leader;

/** The candidate no longer leads the role (yielded, stopped, lease lost or not renewable). */
public class LeadershipRevokedEvent extends LeadershipEvent {

    /** The role of {@code context} was revoked. */
    public LeadershipRevokedEvent(Object source, LeadershipContext context) {
        super(source, context);
    }
}
