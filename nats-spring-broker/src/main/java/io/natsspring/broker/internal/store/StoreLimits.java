package io.natsspring.broker.internal.store;

/**
 * Retention limits a store enforces itself (discard-old): whenever a limit is exceeded the oldest messages
 * (for {@code maxMsgsPerSubject}: the oldest of that subject) are removed, atomically with the append or
 * {@link StreamStore#updateLimits} that caused it. A value {@code <= 0} means unlimited.
 *
 * @param maxMsgs           live message cap
 * @param maxBytes          cap on {@link StreamState#bytes()}
 * @param maxMsgsPerSubject live messages per literal subject
 * @param maxAgeNanos       messages older than this (relative to the appended timestamp, or the wall clock
 *                          for {@code updateLimits} and on open) are removed
 */
public record StoreLimits(long maxMsgs, long maxBytes, long maxMsgsPerSubject, long maxAgeNanos) {

    /** No limits at all. */
    public static final StoreLimits UNLIMITED = new StoreLimits(0, 0, 0, 0);

    public StoreLimits withMaxMsgs(long v) {
        return new StoreLimits(v, maxBytes, maxMsgsPerSubject, maxAgeNanos);
    }

    public StoreLimits withMaxBytes(long v) {
        return new StoreLimits(maxMsgs, v, maxMsgsPerSubject, maxAgeNanos);
    }

    public StoreLimits withMaxMsgsPerSubject(long v) {
        return new StoreLimits(maxMsgs, maxBytes, v, maxAgeNanos);
    }

    public StoreLimits withMaxAgeNanos(long v) {
        return new StoreLimits(maxMsgs, maxBytes, maxMsgsPerSubject, v);
    }
}
