package io.natsspring.benchmarks.report;

import java.util.List;
import java.util.Locale;

/**
 * A figure the comparison table shows: the result-line field, its label, which direction is better and how many
 * decimals to print.
 */
public record Metric(String field, String label, boolean higherIsBetter, int decimals) {

    public static final Metric MSGS_PER_SEC = new Metric("msgs_per_sec", "msgs/s", true, 0);
    public static final Metric SERVER_CPU = new Metric("server_cpu_ns_per_msg", "server CPU ns/msg", false, 0);
    public static final Metric P50 = new Metric("p50_us", "p50 us", false, 1);
    public static final Metric P99 = new Metric("p99_us", "p99 us", false, 1);
    public static final Metric P999 = new Metric("p999_us", "p99.9 us", false, 1);
    public static final Metric BACKGROUND_MSGS_PER_SEC = new Metric("bg_msgs_per_sec", "background msgs/s", true, 0);
    public static final Metric SERVER_CPU_ALL =
            new Metric("server_cpu_ns_per_all_msg", "server CPU ns/msg (measured + background)", false, 0);
    public static final Metric STARTUP = new Metric("startup_ms", "ms to first connection", false, 0);
    public static final Metric FIRST_PONG = new Metric("startup_ms", "ms to first PONG", false, 0);
    public static final Metric FIRST_JS_ANSWER = new Metric("startup_ms", "ms to first $JS.API.INFO answer", false, 0);
    public static final Metric FIRST_STREAM_CREATED =
            new Metric("startup_ms", "ms to first stream create answer", false, 0);
    public static final Metric RSS = new Metric("rss_kb", "RSS KiB", false, 0);

    /** The metrics shown for a result line's {@code kind}. */
    public static List<Metric> forKind(String kind) {
        return switch (kind == null ? "" : kind.toLowerCase(Locale.ROOT)) {
            case "throughput" -> List.of(MSGS_PER_SEC, SERVER_CPU);
            case "latency" -> List.of(P50, P99, P999, SERVER_CPU);
            case "latency_under_load" -> List.of(P50, P99, P999, BACKGROUND_MSGS_PER_SEC, SERVER_CPU_ALL);
            case "startup" -> List.of(STARTUP);
            case "startup_pong" -> List.of(FIRST_PONG);
            case "startup_js" -> List.of(FIRST_JS_ANSWER);
            case "startup_stream" -> List.of(FIRST_STREAM_CREATED);
            case "memory" -> List.of(RSS);
            default -> List.of();
        };
    }

    /** Candidate against baseline such that above 1.0 always means the candidate is better. */
    public double ratio(double baseline, double candidate) {
        return higherIsBetter ? candidate / baseline : baseline / candidate;
    }

    public String format(double value) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
