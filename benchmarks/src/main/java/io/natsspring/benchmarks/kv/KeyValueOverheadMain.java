package io.natsspring.benchmarks.kv;

import io.nats.client.KeyValue;
import io.natsspring.kv.core.KeyValueTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The Key-Value template's overhead over raw jnats, measured interleaved so that a busy machine slows both sides
 * alike: each round does one call of each kind, in a rotating order, timing each. Prints p50/p90/p99 per kind and
 * the ratios of the medians (template / raw).
 *
 * <pre>java -cp benchmarks.jar io.natsspring.benchmarks.kv.KeyValueOverheadMain [embedded|nats://host:port] [rounds]</pre>
 */
public final class KeyValueOverheadMain {

    private interface Call {
        void run() throws Exception;
    }

    private record Kind(String name, Call call, Histogram histogram) {}

    private KeyValueOverheadMain() {}

    public static void main(String[] args) throws Exception {
        String server = args.length > 0 ? args[0] : "embedded";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (KeyValueFixture fixture = new KeyValueFixture(server)) {
            KeyValue kv = fixture.kv();
            KeyValueTemplate<byte[]> bytesTemplate = fixture.bytesTemplate();
            KeyValueTemplate<KeyValueFixture.Setting> jsonTemplate = fixture.jsonTemplate();
            byte[] bytes = fixture.bytes();
            List<Kind> kinds = List.of(
                    kind("raw get", () -> kv.get("raw")),
                    kind("template get byte[]", () -> bytesTemplate.get("template")),
                    kind("template get JSON", () -> jsonTemplate.get("template")),
                    kind("raw put", () -> kv.put("raw", bytes)),
                    kind("template put byte[]", () -> bytesTemplate.put("template", bytes)),
                    kind("template put JSON", () -> jsonTemplate.put("template", KeyValueFixture.SETTING)));
            run(kinds, Math.max(1, rounds / 5)); // warm-up
            kinds.forEach(k -> k.histogram().reset());
            run(kinds, rounds);
            print(server, rounds, kinds);
        }
    }

    private static Kind kind(String name, Call call) {
        return new Kind(name, call, new Histogram(TimeUnit.SECONDS.toNanos(10), 3));
    }

    private static void run(List<Kind> kinds, int rounds) throws Exception {
        int n = kinds.size();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < n; i++) {
                Kind kind = kinds.get((round + i) % n);
                long start = System.nanoTime();
                kind.call().run();
                kind.histogram().recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(10)));
            }
        }
    }

    private static void print(String server, int rounds, List<Kind> kinds) {
        System.out.printf(
                Locale.ROOT, "Key-Value template overhead on %s, %d interleaved rounds (µs)%n", server, rounds);
        System.out.printf(Locale.ROOT, "%-22s %9s %9s %9s%n", "call", "p50", "p90", "p99");
        List<Double> medians = new ArrayList<>();
        for (Kind kind : kinds) {
            Histogram h = kind.histogram();
            medians.add(h.getValueAtPercentile(50) / 1000.0);
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %9.1f %9.1f %9.1f%n",
                    kind.name(),
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(90) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0);
        }
        System.out.printf(
                Locale.ROOT,
                "overhead (p50 ratio): get byte[] %.2fx, get JSON %.2fx, put byte[] %.2fx, put JSON %.2fx%n",
                medians.get(1) / medians.get(0),
                medians.get(2) / medians.get(0),
                medians.get(4) / medians.get(3),
                medians.get(5) / medians.get(3));
    }
}
