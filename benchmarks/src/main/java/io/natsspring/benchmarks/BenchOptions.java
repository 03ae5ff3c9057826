package io.natsspring.benchmarks;

import io.natsspring.benchmarks.scenario.Budget;
import io.natsspring.benchmarks.scenario.Payloads;
import io.natsspring.benchmarks.scenario.Scenario;
import io.natsspring.benchmarks.scenario.Scenarios;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a bench run does, checked: its targets (the n-th {@code --url}, {@code --label} and {@code --server-pid}
 * describe the n-th), scenarios, sizes and budgets. {@link BenchCommand} parses the command line into it.
 */
public record BenchOptions(
        List<Target> targets,
        List<Scenario> scenarios,
        List<Integer> sizes,
        Budget measure,
        Budget warmup,
        int rounds,
        int asyncWindow,
        long pauseMillis) {

    public static final List<Integer> ALL_SIZES = List.of(16, 128, 1024, 16384);

    /** Bad flags or values; the message says which. */
    public static final class InvalidOptionsException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidOptionsException(String message) {
            super(message);
        }
    }

    /**
     * Checks and combines the values of a command line ({@link BenchCommand}); {@code null} means not given.
     *
     * @throws InvalidOptionsException naming the option and the value when one is out of range
     */
    public static BenchOptions of(
            List<String> urls,
            List<String> labels,
            List<String> pids,
            String scenarioList,
            String sizeList,
            Long msgs,
            Double seconds,
            double warmupSeconds,
            long rounds,
            long window,
            long pauseMillis) {
        if (msgs != null && seconds != null) {
            throw new InvalidOptionsException("give --msgs or --seconds, not both");
        }
        if (msgs != null) {
            positiveLong("--msgs", msgs);
        }
        if (seconds != null) {
            positiveDouble("--seconds", seconds);
        }
        nonNegativeDouble("--warmup-seconds", warmupSeconds);
        positiveLong("--rounds", rounds);
        positiveLong("--window", window);
        nonNegativeLong("--pause-ms", pauseMillis);
        Budget measure = msgs != null ? Budget.ofMessages(msgs) : Budget.ofSeconds(seconds != null ? seconds : 2);
        Budget warmup = warmupSeconds > 0 ? Budget.ofSeconds(warmupSeconds) : null;
        return new BenchOptions(
                targets(urls, labels, pids),
                scenarios(scenarioList),
                sizes(sizeList),
                measure,
                warmup,
                (int) rounds,
                (int) window,
                pauseMillis);
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
        if (list.equals("scale")) {
            return Scenarios.scale();
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : list.split(",")) {
            chosen.add(Scenarios.named(name.trim())
                    .orElseThrow(
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
        List<Integer> sizes = Arrays.stream(list.split(","))
                .map(String::trim)
                .map(s -> (int) positiveLong("--size", parseLong("--size", s)))
                .toList();
        for (int s : sizes) {
            if (s < Payloads.MIN_SIZE) {
                throw new InvalidOptionsException(
                        "--size must be at least " + Payloads.MIN_SIZE + " (the sequence stamp): " + s);
            }
        }
        return sizes;
    }

    private static long parseLong(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidOptionsException(flag + " needs a whole number: " + value);
        }
    }

    private static long positiveLong(String flag, long value) {
        long v = nonNegativeLong(flag, value);
        if (v == 0) {
            throw new InvalidOptionsException(flag + " must be positive: " + value);
        }
        return v;
    }

    private static long nonNegativeLong(String flag, long value) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new InvalidOptionsException(flag + " out of range: " + value);
        }
        return value;
    }

    private static double positiveDouble(String flag, double value) {
        double v = nonNegativeDouble(flag, value);
        if (v == 0) {
            throw new InvalidOptionsException(flag + " must be positive: " + value);
        }
        return v;
    }

    private static double nonNegativeDouble(String flag, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidOptionsException(flag + " out of range: " + value);
        }
        return value;
    }
}
