/** Leadership reported as Spring Integration's {@code OnGrantedEvent}/{@code OnRevokedEvent}. */
@NullMarked
package io.natsspring.kv.leader.integration;

import org.jspecify.annotations.NullMarked;
