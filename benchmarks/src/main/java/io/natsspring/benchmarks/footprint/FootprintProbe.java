package io.natsspring.benchmarks.footprint;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The child JVM of {@link HeapFootprintMain}: starts one subject, lets it sit idle, then prints its live-object
 * histogram, thread count and RSS as {@code CLASS}, {@code TOTAL}, {@code THREADS} and {@code RSS_KB} lines.
 *
 * <p>Subjects: {@code none} (an empty JVM), {@code broker} (a {@link NatsBroker} with JetStream on a free port),
 * {@code spring} (a Spring Boot application with the starter in embedded mode: broker and the application's own
 * connection), {@code spring-without-nats} (the same application with every NATS auto-configuration excluded).
 */
public final class FootprintProbe {

    private static final String IMPORTS =
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    /** The Spring Boot application of the {@code spring} subjects: auto-configuration only. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    private FootprintProbe() {}

    public static void main(String[] args) throws Exception {
        String subject = args[0];
        long settleMillis = (long) (Double.parseDouble(args[1]) * 1000);
        Path store = Files.createTempDirectory("footprint-store");
        AutoCloseable running = start(subject, store);
        TimeUnit.MILLISECONDS.sleep(settleMillis);
        ClassHistogram.ofThisJvm(); // the first full GC may still find soft references and finalizable objects
        ClassHistogram histogram = ClassHistogram.ofThisJvm();
        StringBuilder out = new StringBuilder();
        for (ClassHistogram.Entry e : histogram.classes().values()) {
            out.append("CLASS ")
                    .append(e.instances())
                    .append(' ')
                    .append(e.bytes())
                    .append(' ')
                    .append(e.className())
                    .append('\n');
        }
        out.append("TOTAL ").append(histogram.totalBytes()).append('\n');
        out.append("THREADS ").append(Thread.activeCount()).append('\n');
        out.append("RSS_KB ").append(rssKb()).append('\n');
        System.out.print(out);
        System.out.flush();
        running.close();
        System.exit(0);
    }

    private static AutoCloseable start(String subject, Path store) throws IOException {
        switch (subject) {
            case "none":
                return () -> {};
            case "broker":
                NatsBroker broker = new NatsBroker(BrokerOptions.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .jetStream(true)
                                .storeDir(store)
                                .build())
                        .start();
                return broker::close;
            case "spring":
                return new SpringApplicationBuilder(App.class)
                        .web(org.springframework.boot.WebApplicationType.NONE)
                        .properties("nats.mode=embedded", "nats.broker.store-dir=" + store)
                        .run();
            case "spring-without-nats":
                return new SpringApplicationBuilder(App.class)
                        .web(org.springframework.boot.WebApplicationType.NONE)
                        .properties("spring.autoconfigure.exclude=" + String.join(",", natsAutoConfigurations()))
                        .run();
            default:
                throw new IllegalArgumentException("unknown subject " + subject);
        }
    }

    /** Every auto-configuration of the starter, from its imports file. */
    private static List<String> natsAutoConfigurations() throws IOException {
        List<String> names = new ArrayList<>();
        Enumeration<URL> files = FootprintProbe.class.getClassLoader().getResources(IMPORTS);
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                    String name = line.strip();
                    if (name.startsWith("io.natsspring.")) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
