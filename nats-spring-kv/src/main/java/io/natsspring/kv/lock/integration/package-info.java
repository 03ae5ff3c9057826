/** The Key-Value lock registry as Spring Integration's {@code LockRegistry} (used when Spring Integration is present). */
@NullMarked
package io.natsspring.kv.lock.integration;

import org.jspecify.annotations.NullMarked;
