package io.natsspring.kv.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.natsspring.annotation.support.JacksonNatsMessageConverter;
import io.natsspring.kv.TestConnections;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link NatsCacheManager} with two instances (two connections); subclasses run it on the embedded broker and nats-server. */
@Timeout(60)
abstract class NatsCacheTests {

    record Book(String isbn, String title, int pages) {}

    private static final AtomicInteger RUNS = new AtomicInteger();

    private Connection first;

    private Connection second;

    private String prefix;

    /** The URL of the server under test. */
    protected abstract String serverUrl();

    @BeforeEach
    void connect() throws Exception {
        first = TestConnections.connect(serverUrl());
        second = TestConnections.connect(serverUrl());
        prefix = "c" + RUNS.incrementAndGet() + "-";
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            for (String bucket : first.keyValueManagement().getBucketNames()) {
                if (bucket.startsWith(prefix)) {
                    first.keyValueManagement().delete(bucket);
                }
            }
        } finally {
            first.close();
            second.close();
        }
    }

    private NatsCacheManager manager(Connection connection) {
        NatsCacheManager manager = new NatsCacheManager(
                connection,
                new ConverterCacheValueCodec(
                        new JacksonNatsMessageConverter(), getClass().getClassLoader()));
        manager.setBucketPrefix(prefix);
        manager.afterPropertiesSet();
        return manager;
    }

    @Test
    void entriesAreSharedBetweenInstances() {
        Cache one = manager(first).getCache("books");
        Cache two = manager(second).getCache("books");
        Book book = new Book("978-0", "NATS in Action", 321);

        one.put("978-0", book);
        assertThat(two.get("978-0", Book.class)).isEqualTo(book);
        assertThat(two.get("978-0").get()).isEqualTo(book);
        assertThat(((NatsCache) one).getBucketName()).isEqualTo(prefix + "books");

        two.evict("978-0");
        assertThat(one.get("978-0")).isNull();

        one.put("a", "text");
        one.put("b", 42);
        one.put("c", new int[] {1, 2});
        assertThat(two.get("a").get()).isEqualTo("text");
        assertThat(two.get("b").get()).isEqualTo(42);
        assertThat(two.get("c", int[].class)).containsExactly(1, 2);
        two.clear();
        assertThat(one.get("a")).isNull();
        assertThat(one.get("b")).isNull();
    }

    @Test
    void putIfAbsentAndEvictIfPresentAcrossInstances() {
        Cache one = manager(first).getCache("once");
        Cache two = manager(second).getCache("once");

        assertThat(one.putIfAbsent("k", "first")).isNull();
        assertThat(two.putIfAbsent("k", "second").get()).isEqualTo("first");
        assertThat(one.evictIfPresent("k")).isTrue();
        assertThat(two.evictIfPresent("k")).isFalse();
        assertThat(two.putIfAbsent("k", "second")).isNull(); // after an evict the key is free again
        assertThat(one.get("k").get()).isEqualTo("second");
    }

    @Test
    void nullValuesStoredAsMarkerOrRefused() {
        NatsCacheManager storing = manager(first);
        Cache nulls = storing.getCache("nulls");
        nulls.put("missing", null);
        Cache.ValueWrapper hit = manager(second).getCache("nulls").get("missing");
        assertThat(hit).isNotNull();
        assertThat(hit.get()).isNull();

        NatsCacheManager refusing = new NatsCacheManager(
                first,
                new ConverterCacheValueCodec(
                        new JacksonNatsMessageConverter(), getClass().getClassLoader()));
        refusing.setBucketPrefix(prefix);
        refusing.setDefaultConfiguration(NatsCacheConfiguration.defaults().withCacheNullValues(false));
        refusing.afterPropertiesSet();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> refusing.getCache("strict").put("k", null))
                .withMessageContaining("strict");
    }

    @Test
    void timeToLiveExpiresEntries() throws Exception {
        NatsCacheManager manager = new NatsCacheManager(
                first,
                new ConverterCacheValueCodec(
                        new JacksonNatsMessageConverter(), getClass().getClassLoader()));
        manager.setBucketPrefix(prefix);
        manager.setCacheConfigurations(
                Map.of("short", NatsCacheConfiguration.defaults().withTimeToLive(Duration.ofSeconds(1))));
        manager.afterPropertiesSet();
        assertThat(manager.getCacheNames()).contains("short");

        Cache cache = manager.getCache("short");
        cache.put("k", "v");
        Cache elsewhere = manager(second).getCache("short"); // opens the existing bucket as it is
        assertThat(elsewhere.get("k").get()).isEqualTo("v");
        await().atMost(Duration.ofSeconds(15)).until(() -> elsewhere.get("k") == null);
        assertThat(((NatsCache) cache).getNativeCache().getStatus().getTtl()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void keysThatAreNotValidKvKeysAreEncodedWithoutCollisions() {
        Cache one = manager(first).getCache("keys");
        Cache two = manager(second).getCache("keys");

        one.put("a b", "space");
        one.put("a=20b", "escaped-looking");
        one.put(".lead", "dot");
        one.put(new SimpleKey("x", 1), "simple");
        one.put("", "empty");
        assertThat(two.get("a b").get()).isEqualTo("space");
        assertThat(two.get("a=20b").get()).isEqualTo("escaped-looking");
        assertThat(two.get(".lead").get()).isEqualTo("dot");
        assertThat(two.get(new SimpleKey("x", 1)).get()).isEqualTo("simple");
        assertThat(two.get("").get()).isEqualTo("empty");
        assertThat(((NatsCache) one).kvKey("a b")).isEqualTo("a=20b");
        assertThat(((NatsCache) one).kvKey("a=20b")).isEqualTo("a=3D20b");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> one.put(new Object(), "x"))
                .withMessageContaining("keys")
                .withMessageContaining("toString()");

        NatsCacheManager rejecting = manager(second);
        rejecting.setKeyMapper(new CacheKeyMapper(CacheKeyMapper.Mode.REJECT));
        Cache strict = rejecting.getCache("strict-keys");
        strict.put("orders.42", "ok");
        assertThat(strict.get("orders.42").get()).isEqualTo("ok");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> strict.put("a b", "x"))
                .withMessageContaining("strict-keys")
                .withMessageContaining("'a b'");
    }

    @Test
    void unreadableEntryIsAnExceptionNamingCacheAndKey() throws Exception {
        Cache cache = manager(first).getCache("broken");
        first.keyValue(prefix + "broken").put("k", "not a cached value");
        first.keyValue(prefix + "broken").put("gone", "com.example.Missing\n{}");
        assertThatThrownBy(() -> cache.get("k"))
                .isInstanceOf(NatsCacheException.class)
                .hasMessageContaining("'k'")
                .hasMessageContaining("broken");
        assertThatThrownBy(() -> cache.get("gone"))
                .isInstanceOf(NatsCacheException.class)
                .hasMessageContaining("com.example.Missing");
    }

    @Test
    void aCacheWhoseBucketCannotBeCreatedIsAClearException() {
        NatsCacheManager manager = manager(first);
        assertThatThrownBy(() -> manager.getCache("bad.name"))
                .isInstanceOf(NatsCacheException.class)
                .hasMessageContaining("bad.name")
                .hasMessageContaining(prefix + "bad.name");

        NatsCacheManager replicated = manager(first);
        replicated.setDefaultConfiguration(NatsCacheConfiguration.defaults().withReplicas(3));
        assertThatThrownBy(() -> replicated.getCache("replicated"))
                .isInstanceOf(NatsCacheException.class)
                .hasMessageContaining("cache 'replicated'")
                .hasMessageContaining("bucket '" + prefix + "replicated'");

        NatsCacheManager fixed = manager(first);
        fixed.setAllowRuntimeCacheCreation(false);
        assertThat(fixed.getCache("other")).isNull();
    }

    @Test
    void declaredBucketIsUsedAsItIs() throws Exception {
        first.keyValueManagement()
                .create(KeyValueConfiguration.builder()
                        .name(prefix + "declared")
                        .maxHistoryPerKey(3)
                        .storageType(StorageType.Memory)
                        .build());
        NatsCache cache = (NatsCache) manager(first).getCache("declared");
        cache.put("k", "v");
        assertThat(cache.getNativeCache().getStatus().getMaxHistoryPerKey()).isEqualTo(3);
    }

    @Test
    void annotationsWorkAcrossTwoApplicationContexts() {
        try (AnnotationConfigApplicationContext one = context(first);
                AnnotationConfigApplicationContext two = context(second)) {
            BookService a = one.getBean(BookService.class);
            BookService b = two.getBean(BookService.class);

            assertThat(a.find("1")).isEqualTo(new Book("1", "title-1", 1));
            assertThat(b.find("1")).isEqualTo(new Book("1", "title-1", 1));
            assertThat(a.loads()).isEqualTo(1);
            assertThat(b.loads()).isZero(); // served from the shared bucket

            b.rename("1", "renamed");
            assertThat(a.find("1").title()).isEqualTo("renamed");
            assertThat(a.loads()).isEqualTo(1);

            a.evict("1");
            assertThat(b.find("1").title()).isEqualTo("title-1");
            assertThat(b.loads()).isEqualTo(1);

            assertThat(a.findSync("2").title()).isEqualTo("title-2");
            assertThat(b.findSync("2").title()).isEqualTo("title-2");
            assertThat(b.loads()).isEqualTo(1);

            a.clearAll();
            b.find("1");
            assertThat(b.loads()).isEqualTo(2);
        }
    }

    private AnnotationConfigApplicationContext context(Connection connection) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        // no destroy method: the test closes its connections
        context.registerBean(Connection.class, () -> connection, bd -> bd.setDestroyMethodName(""));
        context.registerBean("prefix", String.class, () -> prefix);
        context.register(CachingConfig.class);
        context.refresh();
        return context;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingConfig {

        @Bean
        CacheManager cacheManager(Connection connection, String prefix) {
            NatsCacheManager manager = new NatsCacheManager(
                    connection,
                    new ConverterCacheValueCodec(
                            new JacksonNatsMessageConverter(), CachingConfig.class.getClassLoader()));
            manager.setBucketPrefix(prefix);
            return manager;
        }

        @Bean
        BookService bookService() {
            return new BookService();
        }
    }

    static class BookService {

        private final AtomicInteger loads = new AtomicInteger();

        public int loads() {
            return loads.get();
        }

        @Cacheable("books")
        public Book find(String isbn) {
            loads.incrementAndGet();
            return new Book(isbn, "title-" + isbn, Integer.parseInt(isbn));
        }

        @Cacheable(cacheNames = "books", sync = true)
        public Book findSync(String isbn) {
            return find(isbn);
        }

        @CachePut(cacheNames = "books", key = "#isbn")
        public Book rename(String isbn, String title) {
            return new Book(isbn, title, Integer.parseInt(isbn));
        }

        @CacheEvict("books")
        public void evict(String isbn) {}

        @CacheEvict(cacheNames = "books", allEntries = true)
        public void clearAll() {}
    }
}
