package io.natsspring.benchmarks.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints the Markdown comparison table of an interleaved run from its result lines:
 * {@code java -cp benchmarks.jar io.natsspring.benchmarks.report.ComparisonReportMain results.txt
 * [--baseline nats-server] [--candidate ours] [--disturbed-pct 10] [--spread-pct 25]}. Options parsed by picocli.
 */
@Command(
        name = "comparison-report",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Prints the Markdown comparison table of an interleaved bench run from its RESULT lines.")
public final class ComparisonReportMain implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files with the bench's RESULT lines.")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--baseline",
            paramLabel = "LABEL",
            defaultValue = "nats-server",
            description = "Target label to compare against (default ${DEFAULT-VALUE}).")
    String baseline;

    @Option(
            names = "--candidate",
            paramLabel = "LABEL",
            defaultValue = "ours",
            description = "Target label compared (default ${DEFAULT-VALUE}).")
    String candidate;

    @Option(
            names = "--disturbed-pct",
            paramLabel = "PCT",
            defaultValue = "10",
            description = "Share of all CPUs busy with other load above which a run counts as disturbed"
                    + " (default ${DEFAULT-VALUE}).")
    double disturbedPct;

    @Option(
            names = "--spread-pct",
            paramLabel = "PCT",
            defaultValue = "25",
            description = "Spread between rounds above which a row is flagged SPREAD (default ${DEFAULT-VALUE}).")
    double spreadPct;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "This text.")
    boolean help;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ComparisonReportMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<ResultLine> lines = new ArrayList<>();
        for (Path f : files) {
            for (String l : Files.readAllLines(f)) {
                ResultLine.parse(l).ifPresent(lines::add);
            }
        }
        List<ComparisonRow> rows = new ComparisonTable(baseline, candidate, disturbedPct).rows(lines);
        print(rows, baseline, candidate, disturbedPct, spreadPct, System.out);
        return 0;
    }

    static void print(
            List<ComparisonRow> rows,
            String baseline,
            String candidate,
            double disturbedPct,
            double spreadPct,
            PrintStream out) {
        out.printf(
                "| scenario | size | metric | %s | %s | ratio | spread | other load max | flags |%n",
                baseline, candidate);
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
            out.printf(
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.scenario(),
                    r.size() > 0 ? Integer.toString(r.size()) : "",
                    r.metric().label(),
                    cell(r.metric(), r.baseline(), r.baselineNote()),
                    cell(r.metric(), r.candidate(), r.candidateNote()),
                    Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                    Double.isNaN(r.spreadPercent()) ? "-" : String.format(Locale.ROOT, "%.0f%%", r.spreadPercent()),
                    Double.isNaN(r.maxOtherLoad()) ? "-" : String.format(Locale.ROOT, "%.0f%%", r.maxOtherLoad()),
                    String.join(", ", flags));
        }
        out.println();
        out.printf(
                "Ratio: %s/%s for throughput, %s/%s for latency, CPU per message, startup and RSS; above 1.00 means"
                        + " %s is better.%n",
                candidate, baseline, baseline, candidate, candidate);
        out.printf(
                "Medians over the interleaved rounds. spread = (max - min) / median of the rounds, the larger of the"
                        + " two servers; SPREAD above %.0f%%.%n",
                spreadPct);
        out.printf(
                "other load = busy CPU not used by the server under test or the bench client, as a share of all CPUs"
                        + " during the measured span; DISTURBED counts runs above %.0f%%.%n",
                disturbedPct);
        out.printf(
                "Summary: %d rows, %d below 1.00, %d with failures, %d disturbed%s.%n",
                rows.size(),
                belowPar,
                failedRows,
                disturbedRows,
                disturbedRows > 0 ? " (figures are provisional: re-run on a quiet machine)" : "");
    }

    private static String cell(Metric metric, double value, String note) {
        return Double.isNaN(value) ? (note.isEmpty() ? "-" : note) : metric.format(value);
    }
}
