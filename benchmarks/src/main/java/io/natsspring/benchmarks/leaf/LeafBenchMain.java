package io.natsspring.benchmarks.leaf;

import io.natsspring.benchmarks.leaf.LeafServerProcess.Kind;
import io.natsspring.benchmarks.report.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures of issue 14: messages per second across a leaf link and catch-up after an outage, for nats-server hub /
 * nats-server leaf, nats-server hub / our leaf and our hub / nats-server leaf (each server its own process, from
 * the same configuration file). Rounds are interleaved (every pair, size and direction once per round); the table
 * gives medians and the spread (max − min in % of the median).
 *
 * <pre>java -cp benchmarks.jar io.natsspring.benchmarks.leaf.LeafBenchMain [key=value …]
 *   nats-server=/opt/nats/2.15.1/usr/sbin/nats-server  rounds=3  small=100000  large=30000
 *   catchup=100000  catchup-rounds=1  pairs=nn,no,on  dir=(a temporary directory)</pre>
 *
 * Pair codes: hub then leaf, {@code n} nats-server, {@code o} ours.
 */
public final class LeafBenchMain {

    private LeafBenchMain() {}

    /** The settings of one run. */
    record Settings(
            String natsServer,
            int rounds,
            int small,
            int large,
            int catchUp,
            int catchUpRounds,
            List<String> pairs,
            Path dir) {

        static Settings parse(String[] args) throws Exception {
            Map<String, String> m = new LinkedHashMap<>();
            for (String a : args) {
                int eq = a.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("expected key=value, got '" + a + "'");
                }
                m.put(a.substring(0, eq), a.substring(eq + 1));
            }
            Settings s = new Settings(
                    m.getOrDefault("nats-server", "/opt/nats/2.15.1/usr/sbin/nats-server"),
                    Integer.parseInt(m.getOrDefault("rounds", "3")),
                    Integer.parseInt(m.getOrDefault("small", "100000")),
                    Integer.parseInt(m.getOrDefault("large", "30000")),
                    Integer.parseInt(m.getOrDefault("catchup", "100000")),
                    Integer.parseInt(m.getOrDefault("catchup-rounds", "1")),
                    List.of(m.getOrDefault("pairs", "nn,no,on").split(",")),
                    m.containsKey("dir") ? Path.of(m.get("dir")) : Files.createTempDirectory("leaf-bench"));
            for (String k : m.keySet()) {
                if (!List.of("nats-server", "rounds", "small", "large", "catchup", "catchup-rounds", "pairs", "dir")
                        .contains(k)) {
                    throw new IllegalArgumentException("unknown setting '" + k + "'");
                }
            }
            return s;
        }
    }

    public static void main(String[] args) throws Exception {
        run(Settings.parse(args));
    }

    /** Runs everything and prints the lines and the table; returns the table. */
    static String run(Settings s) throws Exception {
        System.out.println("load average before: " + loadAverage());
        Map<String, LeafPair> pairs = new LinkedHashMap<>();
        try {
            for (String code : s.pairs()) {
                pairs.put(
                        code,
                        LeafPair.start(
                                kind(code, 0),
                                kind(code, 1),
                                s.natsServer(),
                                s.dir().resolve(code)));
            }
            Map<String, List<LinkThroughput.Result>> rates = new LinkedHashMap<>();
            int run = 0;
            for (int round = 1; round <= s.rounds(); round++) {
                for (Map.Entry<String, LeafPair> e : pairs.entrySet()) {
                    for (int size : new int[] {128, 1024}) {
                        for (boolean leafToHub : new boolean[] {true, false}) {
                            int count = size == 128 ? s.small() : s.large();
                            LinkThroughput.Result r =
                                    LinkThroughput.measure(e.getValue(), leafToHub, size, count, "bench.r" + run++);
                            String key =
                                    e.getValue().label() + "|" + size + "|" + (leafToHub ? "leaf → hub" : "hub → leaf");
                            rates.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                            System.out.printf(
                                    "round %d  %-32s %5d B  %-10s  %,10.0f msgs/s  %6.2f µs CPU/msg  lost %d%n",
                                    round,
                                    e.getValue().label(),
                                    size,
                                    leafToHub ? "leaf → hub" : "hub → leaf",
                                    r.msgsPerSecond(),
                                    r.cpuMicrosPerMessage(),
                                    r.lost());
                        }
                    }
                }
            }
            Map<String, List<CatchUp.Result>> catchUps = new LinkedHashMap<>();
            for (int round = 1; round <= s.catchUpRounds() && s.catchUp() > 0; round++) {
                for (Map.Entry<String, LeafPair> e : pairs.entrySet()) {
                    CatchUp.Result r = CatchUp.measure(e.getValue(), s.catchUp(), "R" + round + e.getKey());
                    catchUps.computeIfAbsent(e.getValue().label(), k -> new ArrayList<>())
                            .add(r);
                    System.out.printf(
                            "catch-up round %d  %-32s %,d messages: hub start %.2f s, caught up %.2f s after,"
                                    + " leaf published %,.0f msgs/s; all once, in order%n",
                            round,
                            e.getValue().label(),
                            s.catchUp(),
                            r.hubStartSeconds(),
                            r.catchUpSeconds(),
                            r.leafPublishPerSecond());
                }
            }
            String table = table(rates, catchUps, s);
            System.out.println();
            System.out.println(table);
            System.out.println("load average after: " + loadAverage());
            return table;
        } finally {
            for (LeafPair p : pairs.values()) {
                p.close();
            }
        }
    }

    private static Kind kind(String code, int index) {
        if (code.length() != 2) {
            throw new IllegalArgumentException("pair code '" + code + "': two letters, hub then leaf (n or o)");
        }
        return switch (code.charAt(index)) {
            case 'n' -> Kind.NATS_SERVER;
            case 'o' -> Kind.OURS;
            default -> throw new IllegalArgumentException("pair code '" + code + "': n (nats-server) or o (ours)");
        };
    }

    private static String table(
            Map<String, List<LinkThroughput.Result>> rates, Map<String, List<CatchUp.Result>> catchUps, Settings s) {
        StringBuilder b = new StringBuilder();
        b.append("| pair (hub / leaf) | size | direction | msgs/s (median) | spread | server CPU/msg (µs, hub+leaf) |"
                + " lost |\n|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<LinkThroughput.Result>> e : rates.entrySet()) {
            String[] k = e.getKey().split("\\|");
            List<Double> r = e.getValue().stream()
                    .map(LinkThroughput.Result::msgsPerSecond)
                    .toList();
            List<Double> cpu = e.getValue().stream()
                    .map(LinkThroughput.Result::cpuMicrosPerMessage)
                    .toList();
            long lost =
                    e.getValue().stream().mapToLong(LinkThroughput.Result::lost).sum();
            b.append(String.format(
                    "| %s | %s B | %s | %,.0f | %.0f %% | %.2f | %d |%n",
                    k[0], k[1], k[2], Stats.median(r), Stats.spreadPercent(r), Stats.median(cpu), lost));
        }
        if (!catchUps.isEmpty()) {
            b.append(String.format(
                    "%n| pair (hub / leaf) | catch-up of %,d (median, s) | runs (s) | hub start (s) |"
                            + " leaf publish msgs/s |%n|---|---|---|---|---|%n",
                    s.catchUp()));
            for (Map.Entry<String, List<CatchUp.Result>> e : catchUps.entrySet()) {
                List<Double> c = e.getValue().stream()
                        .map(CatchUp.Result::catchUpSeconds)
                        .toList();
                b.append(String.format(
                        "| %s | %.2f | %s | %.2f | %,.0f |%n",
                        e.getKey(),
                        Stats.median(c),
                        c.stream().map(v -> String.format("%.2f", v)).toList(),
                        Stats.median(e.getValue().stream()
                                .map(CatchUp.Result::hubStartSeconds)
                                .toList()),
                        Stats.median(e.getValue().stream()
                                .map(CatchUp.Result::leafPublishPerSecond)
                                .toList())));
            }
        }
        return b.toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
