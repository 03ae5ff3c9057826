package io.natsspring.benchmarks.measure;

import org.HdrHistogram.Histogram;

/** Records operation latencies in nanoseconds (HdrHistogram, 3 significant digits, up to one minute). */
public final class LatencyRecorder {

    private static final long MAX_NANOS = 60_000_000_000L;

    private final Histogram histogram = new Histogram(MAX_NANOS, 3);

    public void record(long nanos) {
        histogram.recordValue(Math.min(Math.max(nanos, 0), MAX_NANOS));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The percentiles the result line reports, in microseconds. */
    public LatencySummary summary() {
        return new LatencySummary(micros(50), micros(90), micros(99), micros(99.9), histogram.getMaxValue() / 1000.0);
    }

    private double micros(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
