package io.natsspring.benchmarks.scenario;

import io.natsspring.benchmarks.measure.LatencySummary;
import io.natsspring.benchmarks.measure.ResourceUsage;
import java.util.Map;

/**
 * The measured phase of one run.
 *
 * @param msgs    operations measured: messages published (or consumed, for drains) or requests made
 * @param size    payload bytes per message
 * @param usage   time and CPU of the measured span
 * @param latency per-operation latency, or null for throughput scenarios
 * @param extra   scenario-specific figures for the result line (e.g. {@code delivered})
 */
public record Measurement(long msgs, int size, ResourceUsage usage, LatencySummary latency, Map<String, String> extra) {

    public Measurement {
        extra = Map.copyOf(extra);
    }
}
