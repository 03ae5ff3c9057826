package io.natsspring.benchmarks.report;

/**
 * One line of the comparison table: a metric of one scenario at one size, as medians over the rounds.
 *
 * @param baseline      the baseline's median, or NaN when it has no successful run
 * @param candidate     the candidate's median, or NaN
 * @param baselineNote  why there is no figure (e.g. {@code unsupported}, {@code FAIL}), or empty
 * @param candidateNote likewise for the candidate
 * @param ratio         above 1.0 means the candidate is better; NaN when either figure is missing
 * @param spreadPercent the larger of the two targets' round-to-round spreads
 * @param failedRuns    runs (both targets) that ended in a violation or error
 * @param disturbedRuns runs (both targets) whose other-load share exceeded the threshold
 * @param runs          runs with a load figure
 * @param maxOtherLoad  the highest other-load share of any run, percent; NaN when unknown
 */
public record ComparisonRow(
        String scenario,
        int size,
        Metric metric,
        double baseline,
        double candidate,
        String baselineNote,
        String candidateNote,
        double ratio,
        double spreadPercent,
        int failedRuns,
        int disturbedRuns,
        int runs,
        double maxOtherLoad) {}
