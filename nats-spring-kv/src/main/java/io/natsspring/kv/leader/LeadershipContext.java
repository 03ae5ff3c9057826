package io.natsspring.kv.leader;

/** The leadership of one role as seen by one candidate. */
public interface LeadershipContext {

    /** Whether the candidate leads the role now. */
    boolean isLeader();

    /** Gives the role up (if led) and stays out of the campaign for one lease. */
    void yieldLeadership();

    /** The role. */
    String getRole();

    /** The candidate's id. */
    String getCandidateId();
}
