package io.natsspring.benchmarks;

import io.natsspring.benchmarks.scenario.Scenario;
import io.natsspring.benchmarks.scenario.Scenarios;

import java.util.stream.Collectors;

/**
 * The bench CLI: {@code java -jar benchmarks.jar --url nats://127.0.0.1:4222 --server-pid 1234 --scenario pubsub_1to1}.
 * See {@link BenchOptions#usage()}. JMH runs from the same jar: {@code java -cp benchmarks.jar org.openjdk.jmh.Main}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.usage());
            System.exit(1);
            return;
        }
        if (options.help()) {
            System.out.print(BenchOptions.usage());
            return;
        }
        if (options.list()) {
            for (Scenario s : Scenarios.all()) {
                System.out.printf("%-18s %-10s sizes %-22s %s%n", s.name(), s.kind().name().toLowerCase(java.util.Locale.ROOT),
                        s.defaultSizes().stream().map(String::valueOf).collect(Collectors.joining(",")), s.description());
            }
            return;
        }
        RunStatus worst = new BenchRunner(options, System.out, System.err).runAll();
        System.exit(worst.exitCode());
    }
}
