/**
 * JetStream acknowledgement handling: the {@link io.natsspring.annotation.jetstream.Acknowledgment} handle, retry
 * policies, the non-retryable classification, dead-lettering and the automatic in-progress heartbeat.
 */
@NullMarked
package io.natsspring.annotation.jetstream;

import org.jspecify.annotations.NullMarked;
