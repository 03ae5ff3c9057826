package io.natsspring.benchmarks;

import io.natsspring.benchmarks.scenario.Scenario;
import io.natsspring.benchmarks.scenario.Scenarios;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The bench command line, parsed by picocli. Options take their value as the next argument or after {@code =}.
 * {@code --url}, {@code --label} and {@code --server-pid} may repeat: the n-th of each describe the n-th target, and
 * every scenario then runs against the targets in turn (A, B, A, B ...) for {@code --rounds} rounds. The values are
 * checked and combined by {@link BenchOptions#of}.
 */
@Command(
        name = "bench",
        sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = "java -jar benchmarks.jar [options]",
        description = "Runs bench scenarios against NATS servers with the jnats client and prints one RESULT line"
                + " per run.",
        footer = {"Exit status: 0 all ok or unsupported, 2 a correctness violation, 1 an error."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Server to run against (default nats://127.0.0.1:4222); repeat for several.")
    List<String> urls = new ArrayList<>();

    @Option(
            names = "--label",
            paramLabel = "NAME",
            description = "Name of the matching --url in result lines (default server, or target<n>).")
    List<String> labels = new ArrayList<>();

    @Option(
            names = "--server-pid",
            paramLabel = "PID",
            description = "Pid of the matching --url's server, for server CPU per message and RSS.")
    List<String> serverPids = new ArrayList<>();

    @Option(
            names = "--scenario",
            paramLabel = "LIST",
            defaultValue = "all",
            description =
                    "Comma-separated scenario names, all (default ${DEFAULT-VALUE}) or scale (the large-population"
                            + " scenarios, not in all; see --list).")
    String scenarios;

    @Option(
            names = "--size",
            paramLabel = "LIST",
            description = "Comma-separated message sizes in bytes, or all (= 16,128,1024,16384); default: each"
                    + " scenario's own subset.")
    String sizes;

    @Option(names = "--msgs", paramLabel = "N", description = "Measure N operations per run, or")
    Long msgs;

    @Option(names = "--seconds", paramLabel = "S", description = "measure for S seconds per run (default 2), or")
    Double seconds;

    @Option(
            names = "--minutes",
            paramLabel = "M",
            description = "measure for M minutes per run (the long js_sustained run: --minutes 10).")
    Double minutes;

    @Option(
            names = "--warmup-seconds",
            paramLabel = "S",
            defaultValue = "0.5",
            description = "Untimed warm-up before each run (default ${DEFAULT-VALUE}; 0 for none).")
    double warmupSeconds;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            defaultValue = "1",
            description = "Runs per scenario, size and target, interleaved (default ${DEFAULT-VALUE}).")
    long rounds;

    @Option(
            names = "--window",
            paramLabel = "N",
            defaultValue = "256",
            description = "Outstanding JetStream publish acks (default ${DEFAULT-VALUE}).")
    long window;

    @Option(
            names = "--pause-ms",
            paramLabel = "N",
            defaultValue = "200",
            description = "Pause between runs so the server settles (default ${DEFAULT-VALUE}).")
    long pauseMillis;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "This text.")
    boolean help;

    /** Parses and checks {@code args}; an {@link BenchOptions.InvalidOptionsException} says what is wrong. */
    public static BenchOptions parse(String... args) {
        BenchCommand command = new BenchCommand();
        try {
            new CommandLine(command).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new BenchOptions.InvalidOptionsException(e.getMessage());
        }
        return command.options();
    }

    /** The checked options of this command line. */
    BenchOptions options() {
        Double measureSeconds = seconds;
        if (minutes != null) {
            if (seconds != null) {
                throw new BenchOptions.InvalidOptionsException("give --seconds or --minutes, not both");
            }
            if (!(minutes > 0) || minutes.isInfinite()) {
                throw new BenchOptions.InvalidOptionsException("--minutes must be positive: " + minutes);
            }
            measureSeconds = minutes * 60;
        }
        return BenchOptions.of(
                urls,
                labels,
                serverPids,
                scenarios,
                sizes,
                msgs,
                measureSeconds,
                warmupSeconds,
                rounds,
                window,
                pauseMillis);
    }

    @Override
    public Integer call() throws InterruptedException {
        BenchOptions options;
        try {
            options = options();
        } catch (BenchOptions.InvalidOptionsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintStream out = System.out;
        if (list) {
            for (Scenario s : java.util.stream.Stream.concat(Scenarios.all().stream(), Scenarios.scale().stream())
                    .toList()) {
                out.printf(
                        "%-18s %-10s sizes %-22s %s%n",
                        s.name(),
                        s.kind().name().toLowerCase(Locale.ROOT),
                        s.defaultSizes().stream().map(String::valueOf).collect(Collectors.joining(",")),
                        s.description());
            }
            return 0;
        }
        return new BenchRunner(options, out, System.err).runAll().exitCode();
    }
}
