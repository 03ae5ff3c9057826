package io.natsspring.benchmarks.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the Markdown comparison table of an interleaved run from its result lines:
 * {@code java -cp benchmarks.jar io.natsspring.benchmarks.report.ComparisonReportMain results.txt
 * [--baseline nats-server] [--candidate ours] [--disturbed-pct 10] [--spread-pct 25]}.
 */
public final class ComparisonReportMain {

    private ComparisonReportMain() {
    }

    public static void main(String[] args) throws IOException {
        String baseline = "nats-server";
        String candidate = "ours";
        double disturbedPct = 10;
        double spreadPct = 25;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--baseline" -> baseline = args[++i];
                case "--candidate" -> candidate = args[++i];
                case "--disturbed-pct" -> disturbedPct = Double.parseDouble(args[++i]);
                case "--spread-pct" -> spreadPct = Double.parseDouble(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        List<ResultLine> lines = new ArrayList<>();
        for (Path f : files) {
            for (String l : Files.readAllLines(f)) {
                ResultLine.parse(l).ifPresent(lines::add);
            }
        }
        List<ComparisonRow> rows = new ComparisonTable(baseline, candidate, disturbedPct).rows(lines);
        print(rows, baseline, candidate, disturbedPct, spreadPct, System.out);
    }

    static void print(List<ComparisonRow> rows, String baseline, String candidate, double disturbedPct, double spreadPct,
                      PrintStream out) {
        out.printf("| scenario | size | metric | %s | %s | ratio | spread | other load max | flags |%n", baseline, candidate);
        out.println("|---|---:|---|---:|---:|---:|---:|---:|---|");
        int disturbedRows = 0;
        int belowPar = 0;
        int failedRows = 0;
        for (ComparisonRow r : rows) {
            List<String> flags = new ArrayList<>();
            if (r.failedRuns() > 0) {
                flags.add("FAIL " + r.failedRuns());
                failedRows++;
            }
            if (r.disturbedRuns() > 0) {
                flags.add("DISTURBED " + r.disturbedRuns() + "/" + r.runs());
                disturbedRows++;
            }
            if (r.spreadPercent() > spreadPct) {
                flags.add("SPREAD");
            }
            if (!Double.isNaN(r.ratio()) && r.ratio() < 1.0) {
                belowPar++;
            }
            out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.scenario(), r.size() > 0 ? Integer.toString(r.size()) : "",
                    r.metric().label(),
                    cell(r.metric(), r.baseline(), r.baselineNote()),
                    cell(r.metric(), r.candidate(), r.candidateNote()),
                    Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                    Double.isNaN(r.spreadPercent()) ? "-" : String.format(Locale.ROOT, "%.0f%%", r.spreadPercent()),
                    Double.isNaN(r.maxOtherLoad()) ? "-" : String.format(Locale.ROOT, "%.0f%%", r.maxOtherLoad()),
                    String.join(", ", flags));
        }
        out.println();
        out.printf("Ratio: %s/%s for throughput, %s/%s for latency, CPU per message, startup and RSS; above 1.00 means"
                + " %s is better.%n", candidate, baseline, baseline, candidate, candidate);
        out.printf("Medians over the interleaved rounds. spread = (max - min) / median of the rounds, the larger of the"
                + " two servers; SPREAD above %.0f%%.%n", spreadPct);
        out.printf("other load = busy CPU not used by the server under test or the bench client, as a share of all CPUs"
                + " during the measured span; DISTURBED counts runs above %.0f%%.%n", disturbedPct);
        out.printf("Summary: %d rows, %d below 1.00, %d with failures, %d disturbed%s.%n", rows.size(), belowPar,
                failedRows, disturbedRows, disturbedRows > 0 ? " (figures are provisional: re-run on a quiet machine)" : "");
    }

    private static String cell(Metric metric, double value, String note) {
        return Double.isNaN(value) ? (note.isEmpty() ? "-" : note) : metric.format(value);
    }
}
