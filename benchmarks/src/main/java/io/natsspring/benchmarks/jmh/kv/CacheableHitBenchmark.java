package io.natsspring.benchmarks.jmh.kv;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.annotation.support.JacksonNatsMessageConverter;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.kv.cache.ConverterCacheValueCodec;
import io.natsspring.kv.cache.NatsCacheManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@code @Cacheable} hit on the Key-Value {@code NatsCacheManager} against the raw jnats {@code KeyValue.get} of
 * the same entry: both are one KV get round trip; the difference is the Spring cache interceptor, the key mapping
 * and the value decoding (class line + JSON). Against the embedded broker, or the server at {@code -Dbench.kv.url}.
 * {@link #main} runs both and prints the overhead ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheableHitBenchmark {

    /** The cached value: a small record, as JSON. */
    public record Book(String isbn, String title, int pages) {}

    /** The service whose method is cached. */
    public static class Books {
        @Cacheable("books")
        public Book find(String isbn) {
            return new Book(isbn, "title " + isbn, 300);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingConfig {
        @Bean
        CacheManager cacheManager(Connection connection) {
            NatsCacheManager manager = new NatsCacheManager(
                    connection,
                    new ConverterCacheValueCodec(
                            new JacksonNatsMessageConverter(), CacheableHitBenchmark.class.getClassLoader()));
            manager.setBucketPrefix("bench-");
            return manager;
        }

        @Bean
        Books books() {
            return new Books();
        }
    }

    private static final String ISBN = "978-0-13-468599-1";

    private Path storeDir;
    private NatsBroker broker;
    private Connection connection;
    private AnnotationConfigApplicationContext context;
    private Books books;
    private KeyValue raw;

    @Setup
    public void setUp() throws Exception {
        String url = System.getProperty("bench.kv.url");
        if (url == null) {
            storeDir = Files.createTempDirectory("cacheable-bench");
            broker = new NatsBroker(BrokerOptions.builder()
                            .port(0)
                            .jetStream(true)
                            .storeDir(storeDir)
                            .build())
                    .start();
            url = broker.clientUrl();
        }
        connection = Nats.connect(Options.builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(10))
                .build());
        context = new AnnotationConfigApplicationContext();
        context.registerBean(Connection.class, () -> connection, bd -> bd.setDestroyMethodName(""));
        context.register(CachingConfig.class);
        context.refresh();
        books = context.getBean(Books.class);
        books.find(ISBN); // miss: loads and stores
        // the same entry, as a raw bucket read (the cache's own bucket and key)
        raw = connection.keyValue("bench-books");
        if (raw.get(ISBN) == null) {
            throw new IllegalStateException("the @Cacheable miss did not store the entry");
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        connection.keyValueManagement().delete("bench-books");
        context.close();
        connection.close();
        if (broker != null) {
            broker.close();
            try (Stream<Path> files = Files.walk(storeDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A {@code @Cacheable} hit: interceptor, key mapping, KV get, value decoding. */
    @Benchmark
    public Book cacheableHit() {
        return books.find(ISBN);
    }

    /** The raw jnats read of the same entry (bytes, no decoding). */
    @Benchmark
    public Object rawKeyValueGet() throws Exception {
        return raw.get(ISBN);
    }

    /** Runs both benchmarks and prints their mean latencies and the overhead ratio. */
    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(CacheableHitBenchmark.class.getName() + "\\.")
                        .build())
                .run();
        Map<String, Double> means = new HashMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            means.put(
                    label.substring(label.lastIndexOf('.') + 1),
                    result.getPrimaryResult().getScore());
        }
        double hit = means.get("cacheableHit");
        double raw = means.get("rawKeyValueGet");
        System.out.printf(
                "@Cacheable hit %.1f us/op, raw KeyValue.get %.1f us/op, overhead ratio %.2f%n", hit, raw, hit / raw);
    }
}
