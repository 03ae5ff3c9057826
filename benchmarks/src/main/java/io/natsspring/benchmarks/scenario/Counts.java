package io.natsspring.benchmarks.scenario;

/** Short labels of population sizes in scenario names: 100000 → {@code 100k}, 1000000 → {@code 1m}. */
final class Counts {

    private Counts() {}

    static String label(long count) {
        if (count >= 1_000_000 && count % 1_000_000 == 0) {
            return count / 1_000_000 + "m";
        }
        if (count >= 1_000 && count % 1_000 == 0) {
            return count / 1_000 + "k";
        }
        return Long.toString(count);
    }
}
