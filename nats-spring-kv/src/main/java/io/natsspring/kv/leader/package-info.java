/**
 * Leader election on a Key-Value lease: {@link io.natsspring.kv.leader.KeyValueLeaderInitiator} campaigns for a role
 * and reports grants and revocations through a {@link io.natsspring.kv.leader.LeadershipEventPublisher} (the
 * project's {@link io.natsspring.kv.leader.LeadershipGrantedEvent}/{@link io.natsspring.kv.leader.LeadershipRevokedEvent}
 * by default, Spring Integration's with {@code io.natsspring.kv.leader.integration}).
 */
@NullMarked
package io.natsspring.kv.leader;

import org.jspecify.annotations.NullMarked;
