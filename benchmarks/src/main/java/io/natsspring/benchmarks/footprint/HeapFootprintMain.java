package io.natsspring.benchmarks.footprint;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The retained heap of an idle embedded broker: runs {@link FootprintProbe} twice in fresh JVMs, once with and once
 * without the broker, and prints the difference of their live-object histograms (the JVM's own class histogram after
 * a full GC), the classes that grew most, the thread and RSS difference and the load average.
 *
 * <pre>
 * java -cp benchmarks.jar io.natsspring.benchmarks.footprint.HeapFootprintMain [spring|broker] [settle-seconds] [top]
 * </pre>
 *
 * {@code spring} (the default) compares a Spring Boot application with the starter in embedded mode against the same
 * application with every NATS auto-configuration excluded, so the figure is what the broker and the starter add to
 * an application; {@code broker} compares a bare {@code NatsBroker} against an empty JVM. Child JVM options come
 * from {@code FOOTPRINT_JAVA_OPTS} (default {@code -Xmx256m}).
 */
public final class HeapFootprintMain {

    private HeapFootprintMain() {}

    /** What one probe printed. */
    record Probe(ClassHistogram histogram, int threads, long rssKb) {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "spring";
        String settle = args.length > 1 ? args[1] : "3";
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String baselineSubject = switch (mode) {
            case "spring" -> "spring-without-nats";
            case "broker" -> "none";
            default -> throw new IllegalArgumentException("mode must be spring or broker: " + mode);
        };
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        Probe baseline = probe(baselineSubject, settle);
        Probe candidate = probe(mode, settle);
        long delta = candidate.histogram().totalBytes() - baseline.histogram().totalBytes();
        System.out.printf(
                Locale.ROOT,
                "idle retained heap, %s vs %s (settled %s s): %.2f MiB (%,d -> %,d bytes live); threads %+d;"
                        + " RSS %+.1f MiB (%,d -> %,d KiB); load average before %s%n",
                mode,
                baselineSubject,
                settle,
                delta / 1048576.0,
                baseline.histogram().totalBytes(),
                candidate.histogram().totalBytes(),
                candidate.threads() - baseline.threads(),
                (candidate.rssKb() - baseline.rssKb()) / 1024.0,
                baseline.rssKb(),
                candidate.rssKb(),
                load);
        Map<String, Long> byPackage = new LinkedHashMap<>();
        for (String prefix : List.of("io.natsspring.broker.", "io.natsspring.", "io.netty.", "io.nats.client.")) {
            byPackage.put(
                    prefix,
                    candidate.histogram().bytesOf(prefix)
                            - baseline.histogram().bytesOf(prefix)
                            - (prefix.equals("io.natsspring.")
                                    ? candidate.histogram().bytesOf("io.natsspring.broker.")
                                            - baseline.histogram().bytesOf("io.natsspring.broker.")
                                    : 0));
        }
        System.out.printf(
                Locale.ROOT,
                "shallow bytes of objects by package (arrays are not attributed): broker %,d, other io.natsspring"
                        + " %,d, netty %,d, jnats %,d%n",
                byPackage.get("io.natsspring.broker."),
                byPackage.get("io.natsspring."),
                byPackage.get("io.netty."),
                byPackage.get("io.nats.client."));
        System.out.printf(Locale.ROOT, "%12s %12s  %s%n", "bytes", "instances", "class (growth)");
        List<ClassHistogram.Entry> grown = candidate.histogram().growthOver(baseline.histogram());
        for (ClassHistogram.Entry e : grown.subList(0, Math.min(top, grown.size()))) {
            System.out.printf(Locale.ROOT, "%,12d %,12d  %s%n", e.bytes(), e.instances(), e.className());
        }
    }

    private static Probe probe(String subject, String settle) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        String opts = System.getenv().getOrDefault("FOOTPRINT_JAVA_OPTS", "-Xmx256m");
        for (String o : opts.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                command.add(o);
            }
        }
        command.addAll(
                List.of("-cp", System.getProperty("java.class.path"), FootprintProbe.class.getName(), subject, settle));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        StringBuilder histogram = new StringBuilder();
        int threads = -1;
        long rss = -1;
        long total = -1;
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int row = 0;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ", 4);
                switch (f[0]) {
                    case "CLASS" ->
                        histogram
                                .append(++row)
                                .append(": ")
                                .append(f[1])
                                .append(' ')
                                .append(f[2])
                                .append(' ')
                                .append(f[3])
                                .append('\n');
                    case "TOTAL" -> total = Long.parseLong(f[1]);
                    case "THREADS" -> threads = Integer.parseInt(f[1]);
                    case "RSS_KB" -> rss = Long.parseLong(f[1]);
                    default -> {
                        // Spring's banner and logs
                    }
                }
            }
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("probe " + subject + " did not end within 2 minutes");
        }
        if (p.exitValue() != 0 || total < 0) {
            throw new IllegalStateException("probe " + subject + " failed (exit " + p.exitValue() + ")");
        }
        histogram.append("Total 0 ").append(total).append('\n');
        return new Probe(ClassHistogram.parse(histogram.toString()), threads, rss);
    }
}
