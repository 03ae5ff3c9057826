package io.natsspring.benchmarks;

import io.natsspring.benchmarks.scenario.Budget;
import io.natsspring.benchmarks.scenario.Payloads;
import io.natsspring.benchmarks.scenario.Scenario;
import io.natsspring.benchmarks.scenario.Scenarios;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The bench command line. Flags take their value as the next argument or after {@code =}. {@code --url},
 * {@code --label} and {@code --server-pid} may repeat: the n-th of each describe the n-th target, and every
 * scenario then runs against the targets in turn (A, B, A, B ...) for {@code --rounds} rounds.
 */
public record BenchOptions(List<Target> targets, List<Scenario> scenarios, List<Integer> sizes, Budget measure,
                           Budget warmup, int rounds, int asyncWindow, long pauseMillis, boolean list, boolean help) {

    public static final List<Integer> ALL_SIZES = List.of(16, 128, 1024, 16384);

    /** Bad flags or values; the message says which. */
    public static final class InvalidOptionsException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidOptionsException(String message) {
            super(message);
        }
    }

    public static String usage() {
        return String.join("\n",
                "usage: java -jar benchmarks.jar [options]",
                "  --url URL            server to run against (default nats://127.0.0.1:4222); repeat for several",
                "  --label NAME         name of the matching --url in result lines (default server, or target<n>)",
                "  --server-pid PID     pid of the matching --url's server, for server CPU per message and RSS",
                "  --scenario LIST      comma-separated scenario names, or all (default all; see --list)",
                "  --size LIST          comma-separated message sizes in bytes, or all (= "
                        + ALL_SIZES.stream().map(String::valueOf).collect(Collectors.joining(",")) + ");",
                "                       default: each scenario's own subset",
                "  --msgs N             measure N operations per run, or",
                "  --seconds S          measure for S seconds per run (default 2)",
                "  --warmup-seconds S   untimed warm-up before each run (default 0.5; 0 for none)",
                "  --rounds N           runs per scenario, size and target, interleaved (default 1)",
                "  --window N           outstanding JetStream publish acks (default 256)",
                "  --pause-ms N         pause between runs so the server settles (default 200)",
                "  --list               list the scenarios and exit",
                "  --help               this text",
                "Each run prints one RESULT line. Exit status: 0 all ok or unsupported, 2 a correctness violation,",
                "1 an error.",
                "");
    }

    public static BenchOptions parse(String... args) {
        List<String> urls = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> pids = new ArrayList<>();
        String scenarioList = "all";
        String sizeList = null;
        Long msgs = null;
        Double seconds = null;
        double warmupSeconds = 0.5;
        int rounds = 1;
        int window = 256;
        long pause = 200;
        boolean list = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--list") || arg.equals("--help") || arg.equals("-h")) {
                if (value != null) {
                    throw new InvalidOptionsException(arg + " takes no value");
                }
                list |= arg.equals("--list");
                help |= !arg.equals("--list");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new InvalidOptionsException(arg + " needs a value");
                }
                value = args[++i];
            }
            switch (arg) {
                case "--url" -> urls.add(value);
                case "--label" -> labels.add(value);
                case "--server-pid" -> pids.add(value);
                case "--scenario" -> scenarioList = value;
                case "--size" -> sizeList = value;
                case "--msgs" -> msgs = positiveLong(arg, value);
                case "--seconds" -> seconds = positiveDouble(arg, value);
                case "--warmup-seconds" -> warmupSeconds = nonNegativeDouble(arg, value);
                case "--rounds" -> rounds = (int) positiveLong(arg, value);
                case "--window" -> window = (int) positiveLong(arg, value);
                case "--pause-ms" -> pause = nonNegativeLong(arg, value);
                default -> throw new InvalidOptionsException("unknown option " + arg);
            }
        }
        if (msgs != null && seconds != null) {
            throw new InvalidOptionsException("give --msgs or --seconds, not both");
        }
        Budget measure = msgs != null ? Budget.ofMessages(msgs) : Budget.ofSeconds(seconds != null ? seconds : 2);
        Budget warmup = warmupSeconds > 0 ? Budget.ofSeconds(warmupSeconds) : null;
        return new BenchOptions(targets(urls, labels, pids), scenarios(scenarioList), sizes(sizeList), measure, warmup,
                rounds, window, pause, list, help);
    }

    /** The sizes to run {@code scenario} at: the command line's, else the scenario's defaults. */
    public List<Integer> sizesFor(Scenario scenario) {
        return sizes.isEmpty() ? scenario.defaultSizes() : sizes;
    }

    private static List<Target> targets(List<String> urls, List<String> labels, List<String> pids) {
        if (urls.isEmpty()) {
            urls = List.of("nats://127.0.0.1:4222");
        }
        if (labels.size() > urls.size() || pids.size() > urls.size()) {
            throw new InvalidOptionsException("more --label or --server-pid than --url");
        }
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String label = i < labels.size() ? labels.get(i) : urls.size() == 1 ? "server" : "target" + (i + 1);
            String pid = i < pids.size() ? pids.get(i) : null;
            if (pid != null && !pid.matches("[0-9]+")) {
                throw new InvalidOptionsException("--server-pid must be a process id: " + pid);
            }
            if (!label.matches("[A-Za-z0-9._-]+")) {
                throw new InvalidOptionsException("--label may hold letters, digits, '.', '_' and '-': " + label);
            }
            targets.add(new Target(label, urls.get(i), pid));
        }
        return List.copyOf(targets);
    }

    private static List<Scenario> scenarios(String list) {
        if (list.equals("all")) {
            return Scenarios.all();
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : list.split(",")) {
            chosen.add(Scenarios.named(name.trim()).orElseThrow(
                    () -> new InvalidOptionsException("unknown scenario " + name.trim() + " (see --list)")));
        }
        return List.copyOf(chosen);
    }

    private static List<Integer> sizes(String list) {
        if (list == null) {
            return List.of();
        }
        if (list.equals("all")) {
            return ALL_SIZES;
        }
        List<Integer> sizes = Arrays.stream(list.split(",")).map(String::trim)
                .map(s -> (int) positiveLong("--size", s)).toList();
        for (int s : sizes) {
            if (s < Payloads.MIN_SIZE) {
                throw new InvalidOptionsException("--size must be at least " + Payloads.MIN_SIZE
                        + " (the sequence stamp): " + s);
            }
        }
        return sizes;
    }

    private static long positiveLong(String flag, String value) {
        long v = nonNegativeLong(flag, value);
        if (v == 0) {
            throw new InvalidOptionsException(flag + " must be positive: " + value);
        }
        return v;
    }

    private static long nonNegativeLong(String flag, String value) {
        try {
            long v = Long.parseLong(value);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new InvalidOptionsException(flag + " out of range: " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidOptionsException(flag + " needs a whole number: " + value);
        }
    }

    private static double positiveDouble(String flag, String value) {
        double v = nonNegativeDouble(flag, value);
        if (v == 0) {
            throw new InvalidOptionsException(flag + " must be positive: " + value);
        }
        return v;
    }

    private static double nonNegativeDouble(String flag, String value) {
        try {
            double v = Double.parseDouble(value);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new InvalidOptionsException(flag + " out of range: " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidOptionsException(flag + " needs a number: " + value);
        }
    }
}
