package io.natsspring.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reduces the result lines of an interleaved run to comparison rows: per scenario, size and metric, the median of
 * each target's successful rounds, their ratio, spread, failures and disturbance. Adds one row the lines only
 * imply: each server's largest resident set seen at the end of a measured span ({@code rss_under_load}).
 */
public final class ComparisonTable {

    public static final String RSS_UNDER_LOAD = "rss_under_load";

    private final String baseline;
    private final String candidate;
    private final double disturbedPercent;

    /** {@code disturbedPercent}: a run whose other-load share is above this is counted as disturbed. */
    public ComparisonTable(String baseline, String candidate, double disturbedPercent) {
        this.baseline = baseline;
        this.candidate = candidate;
        this.disturbedPercent = disturbedPercent;
    }

    public List<ComparisonRow> rows(List<ResultLine> lines) {
        Map<String, List<ResultLine>> groups = new LinkedHashMap<>();
        for (ResultLine l : lines) {
            String key = l.get("scenario").orElse("?") + "|" + l.get("size").orElse("0");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
        }
        List<ComparisonRow> rows = new ArrayList<>();
        for (List<ResultLine> group : groups.values()) {
            ResultLine first = group.get(0);
            String scenario = first.get("scenario").orElse("?");
            int size = first.number("size").orElse(0.0).intValue();
            int failed = (int) group.stream().filter(ComparisonTable::failed).count();
            List<Double> loads = group.stream()
                    .map(l -> l.number("other_cpu_pct"))
                    .flatMap(java.util.Optional::stream)
                    .toList();
            int disturbed =
                    (int) loads.stream().filter(p -> p > disturbedPercent).count();
            double maxLoad =
                    loads.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            for (Metric metric : Metric.forKind(first.get("kind").orElse(null))) {
                List<Double> base = values(group, baseline, metric);
                List<Double> cand = values(group, candidate, metric);
                double b = Stats.median(base);
                double c = Stats.median(cand);
                rows.add(new ComparisonRow(
                        scenario,
                        size,
                        metric,
                        b,
                        c,
                        note(group, baseline, base),
                        note(group, candidate, cand),
                        base.isEmpty() || cand.isEmpty() ? Double.NaN : metric.ratio(b, c),
                        Math.max(Stats.spreadPercent(base), Stats.spreadPercent(cand)),
                        failed,
                        disturbed,
                        loads.size(),
                        maxLoad));
            }
        }
        double baseRss = maxRss(lines, baseline);
        double candRss = maxRss(lines, candidate);
        if (!Double.isNaN(baseRss) || !Double.isNaN(candRss)) {
            rows.add(new ComparisonRow(
                    RSS_UNDER_LOAD,
                    0,
                    Metric.RSS,
                    baseRss,
                    candRss,
                    Double.isNaN(baseRss) ? "-" : "",
                    Double.isNaN(candRss) ? "-" : "",
                    Double.isNaN(baseRss) || Double.isNaN(candRss) ? Double.NaN : Metric.RSS.ratio(baseRss, candRss),
                    0,
                    0,
                    0,
                    0,
                    Double.NaN));
        }
        return rows;
    }

    private static List<Double> values(List<ResultLine> group, String target, Metric metric) {
        return group.stream()
                .filter(l -> Objects.equals(l.get("target").orElse(null), target))
                .filter(l -> l.get("status").orElse("").equals("ok"))
                .map(l -> l.number(metric.field()))
                .flatMap(java.util.Optional::stream)
                .toList();
    }

    /** Why a target has no figure: FAIL beats unsupported beats nothing at all. */
    private static String note(List<ResultLine> group, String target, List<Double> values) {
        if (!values.isEmpty()) {
            return "";
        }
        List<ResultLine> mine = group.stream()
                .filter(l -> Objects.equals(l.get("target").orElse(null), target))
                .toList();
        if (mine.stream().anyMatch(ComparisonTable::failed)) {
            return "FAIL";
        }
        if (mine.stream().anyMatch(l -> l.get("status").orElse("").equals("unsupported"))) {
            return "unsupported";
        }
        return "-";
    }

    private static boolean failed(ResultLine l) {
        String s = l.get("status").orElse("");
        return s.equals("violation") || s.equals("error");
    }

    private static double maxRss(List<ResultLine> lines, String target) {
        return lines.stream()
                .filter(l -> Objects.equals(l.get("target").orElse(null), target))
                .map(l -> l.number("server_rss_kb"))
                .flatMap(java.util.Optional::stream)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(Double.NaN);
    }
}
