package io.natsspring.kv.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import io.natsspring.annotation.support.JacksonNatsMessageConverter;
import io.natsspring.kv.TestConnections;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** {@link KeyValueTemplate} behaviour; subclasses run it against the embedded broker and nats-server. */
@Timeout(60)
abstract class KeyValueTemplateTests {

    record Setting(String name, int level) {}

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private Connection connection;

    private KeyValue keyValue;

    private String bucket;

    private KeyValueTemplates templates;

    private KeyValueTemplate<Setting> settings;

    /** The URL of the server under test. */
    protected abstract String serverUrl();

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        connection = TestConnections.connect(serverUrl());
        bucket = "kv" + BUCKETS.incrementAndGet() + "-"
                + info.getTestMethod().orElseThrow().getName();
        connection
                .keyValueManagement()
                .create(KeyValueConfiguration.builder()
                        .name(bucket)
                        .maxHistoryPerKey(10)
                        .storageType(StorageType.Memory)
                        .build());
        keyValue = connection.keyValue(bucket);
        templates = new KeyValueTemplates(connection, new JacksonNatsMessageConverter());
        settings = templates.forBucket(bucket, Setting.class);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            connection.keyValueManagement().delete(bucket);
        } finally {
            connection.close();
        }
    }

    @Test
    void putThenGetAndGetEntry() {
        Instant before = Instant.now().minusSeconds(5);
        long revision = settings.put("app.timeout", new Setting("timeout", 3));

        assertThat(settings.get("app.timeout")).contains(new Setting("timeout", 3));
        KeyValueEntry<Setting> entry = settings.getEntry("app.timeout").orElseThrow();
        assertThat(entry.bucket()).isEqualTo(bucket);
        assertThat(entry.key()).isEqualTo("app.timeout");
        assertThat(entry.value()).isEqualTo(new Setting("timeout", 3));
        assertThat(entry.revision()).isEqualTo(revision).isPositive();
        assertThat(entry.created()).isAfter(before);
        assertThat(entry.operation()).isEqualTo(KeyValueOperation.PUT);
        assertThat(entry.isPut()).isTrue();
    }

    @Test
    void valuesAreJson() throws Exception {
        settings.put("json", new Setting("a", 1));

        String raw = new String(keyValue.get("json").getValue(), StandardCharsets.UTF_8);
        assertThat(raw).isEqualTo("{\"name\":\"a\",\"level\":1}");
        assertThat(templates.forBucket(bucket, String.class).get("json")).contains(raw);
    }

    @Test
    void missingDeletedAndPurgedKeysAreEmpty() {
        assertThat(settings.get("missing")).isEmpty();
        settings.put("deleted", new Setting("d", 1));
        settings.put("purged", new Setting("p", 1));

        settings.delete("deleted");
        settings.purge("purged");

        assertThat(settings.get("deleted")).isEmpty();
        assertThat(settings.getEntry("purged")).isEmpty();
    }

    @Test
    void createOnlyWhenAbsent() {
        settings.create("k", new Setting("first", 1));

        assertThatThrownBy(() -> settings.create("k", new Setting("second", 2)))
                .isInstanceOf(KeyValueKeyExistsException.class)
                .hasMessageContaining("bucket '" + bucket + "'")
                .hasMessageContaining("key 'k'");
        assertThat(settings.get("k")).contains(new Setting("first", 1));

        settings.delete("k");
        settings.create("k", new Setting("again", 3));
        assertThat(settings.get("k")).contains(new Setting("again", 3));
    }

    @Test
    void updateWithExpectedRevision() {
        long first = settings.put("k", new Setting("a", 1));
        long second = settings.update("k", new Setting("b", 2), first);

        assertThat(second).isGreaterThan(first);
        assertThatThrownBy(() -> settings.update("k", new Setting("c", 3), first))
                .isInstanceOfSatisfying(KeyValueWrongRevisionException.class, ex -> {
                    assertThat(ex.getBucket()).isEqualTo(bucket);
                    assertThat(ex.getKey()).isEqualTo("k");
                    assertThat(ex.getExpectedRevision()).isEqualTo(first);
                });
        assertThat(settings.get("k")).contains(new Setting("b", 2));
    }

    @Test
    void updateWithFunction() {
        settings.put("k", new Setting("a", 1));

        Setting written = settings.update("k", s -> new Setting(s.name(), s.level() + 1));

        assertThat(written).isEqualTo(new Setting("a", 2));
        assertThat(settings.get("k")).contains(new Setting("a", 2));
    }

    @Test
    void updateWithFunctionOfAMissingKey() {
        assertThatThrownBy(() -> settings.update("absent", s -> s))
                .isInstanceOf(KeyValueKeyNotFoundException.class)
                .hasMessageContaining("key 'absent'");
    }

    @Test
    void concurrentFunctionUpdatesLoseNothing() throws Exception {
        KeyValueTemplate<Integer> counter = new KeyValueTemplate<>(
                connection.keyValue(bucket), Integer.class, new JacksonNatsMessageConverter(), 1_000);
        counter.put("counter", 0);
        int perThread = 25;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = List.of(
                    pool.submit(() -> incrementAfter(start, counter, perThread)),
                    pool.submit(() -> incrementAfter(start, counter, perThread)));
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(counter.get("counter")).contains(2 * perThread);
        assertThat(counter.getEntry("counter").orElseThrow().revision()).isGreaterThan(2 * perThread);
    }

    private static Void incrementAfter(CountDownLatch start, KeyValueTemplate<Integer> counter, int times)
            throws InterruptedException {
        start.await();
        for (int i = 0; i < times; i++) {
            counter.update("counter", n -> n + 1);
        }
        return null;
    }

    @Test
    void functionUpdateGivesUpAfterTheConfiguredAttempts() {
        KeyValueTemplate<Setting> twice = new KeyValueTemplates(connection, new JacksonNatsMessageConverter(), 2)
                .forBucket(bucket, Setting.class);
        twice.put("k", new Setting("a", 1));
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> twice.update("k", s -> {
                    calls.incrementAndGet();
                    settings.put("k", new Setting("other", calls.get())); // a conflicting writer
                    return new Setting("mine", 0);
                }))
                .isInstanceOf(KeyValueWrongRevisionException.class)
                .hasMessageContaining("Gave up after 2");
        assertThat(calls).hasValue(2);
        assertThat(settings.get("k")).contains(new Setting("other", 2));
    }

    @Test
    void unreadableValueIsAConversionError() throws Exception {
        keyValue.put("broken", "not json".getBytes(StandardCharsets.UTF_8));
        keyValue.put("empty", new byte[0]);

        assertThatThrownBy(() -> settings.get("broken"))
                .isInstanceOf(KeyValueConversionException.class)
                .hasMessageContaining("bucket '" + bucket + "'")
                .hasMessageContaining("key 'broken'")
                .hasMessageContaining(Setting.class.getName());
        assertThatThrownBy(() -> settings.get("empty"))
                .isInstanceOf(KeyValueConversionException.class)
                .hasMessageContaining("key 'empty'");
    }

    @Test
    void invalidKeysAreRejectedWithTheirName() {
        for (String key : List.of("a b", "a..b", ".a", "a.", "a.*", "a.>", "ä", "")) {
            assertThatIllegalArgumentException()
                    .as(key)
                    .isThrownBy(() -> settings.put(key, new Setting("x", 1)))
                    .withMessageContaining("'" + key + "'")
                    .withMessageContaining(bucket);
        }
        assertThatIllegalArgumentException().isThrownBy(() -> settings.keys("a.>.b"));
        assertThatIllegalArgumentException().isThrownBy(() -> settings.put("ok", null));
    }

    @Test
    void keysAndFilteredKeys() {
        assertThat(settings.keys()).isEmpty();
        settings.put("app.a", new Setting("a", 1));
        settings.put("app.b", new Setting("b", 1));
        settings.put("db.url", new Setting("u", 1));
        settings.put("gone", new Setting("g", 1));
        settings.delete("gone");

        assertThat(settings.keys()).containsExactlyInAnyOrder("app.a", "app.b", "db.url");
        assertThat(settings.keys("app.*")).containsExactlyInAnyOrder("app.a", "app.b");
        assertThat(settings.keys(">")).hasSize(3);
    }

    @Test
    void historyKeepsRevisionsAndMarkers() {
        long r1 = settings.put("k", new Setting("a", 1));
        long r2 = settings.put("k", new Setting("a", 2));
        settings.delete("k");

        List<KeyValueEntry<Setting>> history = settings.history("k");

        assertThat(history)
                .extracting(KeyValueEntry::operation)
                .containsExactly(KeyValueOperation.PUT, KeyValueOperation.PUT, KeyValueOperation.DELETE);
        assertThat(history)
                .extracting(KeyValueEntry::value)
                .containsExactly(new Setting("a", 1), new Setting("a", 2), null);
        assertThat(history.get(0).revision()).isEqualTo(r1);
        assertThat(history.get(1).revision()).isEqualTo(r2);

        settings.purge("k");
        assertThat(settings.history("k")).extracting(KeyValueEntry::operation).containsExactly(KeyValueOperation.PURGE);
        assertThat(settings.history("never")).isEmpty();
    }

    @Test
    void watchDeliversInitialValuesThenChanges() {
        settings.put("app.a", new Setting("a", 1));
        settings.put("other", new Setting("o", 1));
        List<KeyValueEntry<Setting>> seen = new CopyOnWriteArrayList<>();
        CountDownLatch initial = new CountDownLatch(1);

        try (KeyValueWatch watch = settings.watch("app.>", new KeyValueWatchListener<>() {
            @Override
            public void onEntry(KeyValueEntry<Setting> entry) {
                seen.add(entry);
            }

            @Override
            public void onInitialValuesDelivered() {
                initial.countDown();
            }
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> initial.getCount() == 0);
            assertThat(seen).extracting(KeyValueEntry::value).containsExactly(new Setting("a", 1));

            settings.put("app.b", new Setting("b", 2));
            settings.put("other", new Setting("o", 2));
            settings.delete("app.a");

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 3);
            assertThat(seen.get(1).value()).isEqualTo(new Setting("b", 2));
            assertThat(seen.get(2).key()).isEqualTo("app.a");
            assertThat(seen.get(2).operation()).isEqualTo(KeyValueOperation.DELETE);
            assertThat(seen.get(2).value()).isNull();
            assertThat(watch.isActive()).isTrue();

            watch.close();
            assertThat(watch.isActive()).isFalse();
        }
    }

    @Test
    void watchUpdatesOnlyAndClose() throws Exception {
        settings.put("k", new Setting("before", 1));
        List<KeyValueEntry<Setting>> seen = new CopyOnWriteArrayList<>();
        KeyValueWatch watch = settings.watch("k", seen::add, true);

        settings.put("k", new Setting("after", 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        assertThat(seen.get(0).value()).isEqualTo(new Setting("after", 2));

        watch.close();
        settings.put("k", new Setting("closed", 3));
        connection.flush(Duration.ofSeconds(5));
        // a fixed wait is unavoidable to show that nothing arrives; keep it short
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> seen.size() == 1);
    }

    @Test
    void watchReportsUnreadableValues() throws Exception {
        List<KeyValueConversionException> errors = new CopyOnWriteArrayList<>();
        List<KeyValueEntry<Setting>> seen = new CopyOnWriteArrayList<>();
        try (KeyValueWatch watch = settings.watch(">", new KeyValueWatchListener<>() {
            @Override
            public void onEntry(KeyValueEntry<Setting> entry) {
                seen.add(entry);
            }

            @Override
            public void onConversionError(KeyValueConversionException ex) {
                errors.add(ex);
            }
        })) {
            keyValue.put("bad", "{".getBytes(StandardCharsets.UTF_8));
            settings.put("good", new Setting("g", 1));

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1 && errors.size() == 1);
            assertThat(errors.get(0)).hasMessageContaining("key 'bad'");
        }
    }

    @Test
    void templatesAreCachedPerBucketAndType() {
        assertThat(templates.forBucket(bucket, Setting.class)).isSameAs(settings);
        assertThat(templates.forBucket(bucket, String.class)).isNotSameAs((Object) settings);
        assertThat(settings.getBucketName()).isEqualTo(bucket);
    }
}
