package io.natsspring.kv.leader;

/** Reports grants and revocations of a role. */
public interface LeadershipEventPublisher {

    /** The role of {@code context} was granted to the candidate. */
    void publishGranted(Object source, LeadershipContext context);

    /** The role of {@code context} was revoked from the candidate. */
    void publishRevoked(Object source, LeadershipContext context);
}
