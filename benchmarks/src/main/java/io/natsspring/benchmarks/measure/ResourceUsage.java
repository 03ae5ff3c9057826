package io.natsspring.benchmarks.measure;

/**
 * What a measured span cost. CPU figures are -1 when unknown (no {@code /proc}, no server pid).
 *
 * @param wallNanos       elapsed time of the span
 * @param serverCpuNanos  CPU time the server process used during the span
 * @param clientCpuNanos  CPU time this bench process used during the span
 * @param otherCpuPercent busy CPU not accounted to the server or this process, as a percentage of all CPUs over
 *                        the span: the disturbance from everything else on the machine
 * @param serverRssKb     the server's resident set at the end of the span, in KiB
 */
public record ResourceUsage(
        long wallNanos, long serverCpuNanos, long clientCpuNanos, double otherCpuPercent, long serverRssKb) {}
