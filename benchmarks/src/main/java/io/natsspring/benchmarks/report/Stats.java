package io.natsspring.benchmarks.report;

import java.util.List;

/** Median and relative spread of a handful of round figures. */
public final class Stats {

    private Stats() {}

    /** The median; the mean of the middle two for an even count; NaN when empty. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** (max - min) / median in percent; 0 for fewer than two values, NaN when the median is 0. */
    public static double spreadPercent(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double median = median(values);
        return median == 0 ? Double.NaN : 100 * (max - min) / Math.abs(median);
    }
}
