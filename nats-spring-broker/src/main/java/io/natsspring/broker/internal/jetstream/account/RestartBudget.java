package io.natsspring.broker.internal.jetstream.account;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * How often a failed stream is restarted from its store: at most {@value #MAX_RESTARTS} times within
 * {@value #WINDOW_SECONDS} s; a stream that keeps failing is taken offline instead of restarting in a loop.
 */
final class RestartBudget {

    static final int MAX_RESTARTS = 3;
    static final long WINDOW_SECONDS = 60;

    private final Map<String, ArrayDeque<Long>> restarts = new HashMap<>();

    /** Records a failure of {@code stream} at {@code nowNanos}; whether one more restart is allowed. */
    synchronized boolean tryRestart(String stream, long nowNanos) {
        ArrayDeque<Long> times = restarts.computeIfAbsent(stream, k -> new ArrayDeque<>());
        long window = WINDOW_SECONDS * 1_000_000_000L;
        while (!times.isEmpty() && nowNanos - times.peekFirst() > window) {
            times.pollFirst();
        }
        if (times.size() >= MAX_RESTARTS) {
            return false;
        }
        times.addLast(nowNanos);
        return true;
    }

    /** Forgets a deleted stream. */
    synchronized void forget(String stream) {
        restarts.remove(stream);
    }
}
