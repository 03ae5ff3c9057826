package io.natsspring.benchmarks;

import io.natsspring.benchmarks.measure.LatencySummary;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.report.ResultLine;
import io.natsspring.benchmarks.scenario.Measurement;
import io.natsspring.benchmarks.scenario.Scenario;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Turns the outcome of one run into its {@link ResultLine}. */
final class ResultLines {

    private ResultLines() {}

    /** The fields every line starts with. */
    static ResultLine head(Scenario scenario, Target target, int round, int size, RunStatus status) {
        return new ResultLine()
                .with("scenario", scenario.name())
                .with("kind", scenario.kind().name().toLowerCase(Locale.ROOT))
                .with("target", target.label())
                .with("round", round)
                .with("size", size)
                .with("status", status.label());
    }

    static ResultLine measured(Scenario scenario, Target target, int round, Measurement m) {
        ResultLine line = head(scenario, target, round, m.size(), RunStatus.OK);
        ResourceUsage u = m.usage();
        double secs = u.wallNanos() / 1e9;
        line.with("msgs", m.msgs())
                .with("secs", secs, 3)
                .with("msgs_per_sec", m.msgs() / secs, 0)
                .with("mb_per_sec", m.msgs() * (double) m.size() / secs / 1e6, 2);
        LatencySummary l = m.latency();
        if (l != null) {
            line.with("p50_us", l.p50(), 1)
                    .with("p90_us", l.p90(), 1)
                    .with("p99_us", l.p99(), 1)
                    .with("p999_us", l.p999(), 1)
                    .with("max_us", l.max(), 1);
        }
        if (u.serverCpuNanos() >= 0) {
            line.with("server_cpu_ns_per_msg", u.serverCpuNanos() / (double) m.msgs(), 0);
        }
        if (u.clientCpuNanos() >= 0) {
            line.with("client_cpu_ns_per_msg", u.clientCpuNanos() / (double) m.msgs(), 0);
        }
        if (u.otherCpuPercent() >= 0) {
            line.with("other_cpu_pct", u.otherCpuPercent(), 1);
        }
        if (u.serverRssKb() >= 0) {
            line.with("server_rss_kb", u.serverRssKb());
        }
        for (Map.Entry<String, String> e : new TreeMap<>(m.extra()).entrySet()) {
            line.with(e.getKey(), e.getValue());
        }
        return line;
    }

    static ResultLine notMeasured(
            Scenario scenario, Target target, int round, int size, RunStatus status, String reason) {
        return head(scenario, target, round, size, status).with("reason", reason == null ? "unknown" : reason);
    }
}
