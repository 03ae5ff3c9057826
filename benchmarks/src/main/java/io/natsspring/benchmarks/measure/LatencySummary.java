package io.natsspring.benchmarks.measure;

/** Latency percentiles of one run, in microseconds. */
public record LatencySummary(double p50, double p90, double p99, double p999, double max) {}
