package io.natsspring.kv.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import io.natsspring.annotation.Subject;
import io.natsspring.annotation.listener.ListenerExecutionFailedException;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.annotation.listener.NatsListenerErrorHandler;
import io.natsspring.kv.core.KeyValueBucketNotFoundException;
import io.natsspring.kv.core.KeyValueConversionException;
import io.natsspring.kv.core.KeyValueEntry;
import io.natsspring.kv.listener.config.KeyValueListenerConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.messaging.handler.annotation.Header;

/** {@link KeyValueListener} behaviour; subclasses run it against the embedded broker and nats-server. */
@Timeout(60)
abstract class KeyValueListenerTests {

    record Setting(String name, int level) {}

    /** What a listener saw of one change. */
    record Seen(String key, KeyValueOperation operation, long revision, Setting value) {}

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Connection connection;

    private KeyValue keyValue;

    private String bucket;

    private AnnotationConfigApplicationContext context;

    /** The URL of the server under test. */
    protected abstract String serverUrl();

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        connection = connect(serverUrl());
        bucket = "kvl" + BUCKETS.incrementAndGet() + "-"
                + info.getTestMethod().orElseThrow().getName();
        connection
                .keyValueManagement()
                .create(KeyValueConfiguration.builder()
                        .name(bucket)
                        .maxHistoryPerKey(5)
                        .storageType(StorageType.Memory)
                        .build());
        keyValue = connection.keyValue(bucket);
    }

    /** Generous timeouts: CI machines are shared and slow. */
    static Connection connect(String url) throws Exception {
        return Nats.connect(Options.builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(10))
                .build());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (context != null) {
                context.close();
            }
            connection.keyValueManagement().delete(bucket);
        } finally {
            connection.close();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(KeyValueListenerConfiguration.class)
    static class Infrastructure {

        @Bean(destroyMethod = "close")
        Connection natsConnection(org.springframework.core.env.Environment environment) throws Exception {
            return connect(environment.getRequiredProperty("test.url"));
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private AnnotationConfigApplicationContext start(String watchedBucket, Class<?>... components) {
        AnnotationConfigApplicationContext created = new AnnotationConfigApplicationContext();
        created.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("test.url", serverUrl(), "test.bucket", watchedBucket)));
        created.register(Infrastructure.class);
        created.register(components);
        context = created;
        created.refresh();
        return created;
    }

    private void put(String key, String json) throws Exception {
        keyValue.put(key, json.getBytes(StandardCharsets.UTF_8));
    }

    static class AllArguments {

        final List<Seen> seen = new CopyOnWriteArrayList<>();

        final List<KeyValueEntry<Setting>> entries = new CopyOnWriteArrayList<>();

        final List<String> subjects = new CopyOnWriteArrayList<>();

        @KeyValueListener(id = "all", bucket = "${test.bucket}", keys = "feature.>")
        void onChange(
                Setting value,
                @Key String key,
                KeyValueOperation operation,
                @Revision long revision,
                KeyValueEntry<Setting> entry,
                @Subject String subject,
                @Header(KeyValueMessageHeaders.BUCKET) String bucket) {
            seen.add(new Seen(key, operation, revision, value));
            entries.add(entry);
            subjects.add(subject + "|" + bucket);
        }
    }

    @Test
    void initialValuesFirstThenChangesWithEveryKindOfArgument() throws Exception {
        put("feature.a", "{\"name\":\"a\",\"level\":1}");
        put("other.x", "{\"name\":\"x\",\"level\":9}");
        put("feature.b", "{\"name\":\"b\",\"level\":2}");
        AllArguments listener = start(bucket, AllArguments.class).getBean(AllArguments.class);

        await().atMost(WAIT).until(() -> listener.seen.size() == 2);
        assertThat(listener.seen)
                .extracting(Seen::key, Seen::operation, Seen::revision, Seen::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "feature.a", KeyValueOperation.PUT, 1L, new Setting("a", 1)),
                        org.assertj.core.groups.Tuple.tuple(
                                "feature.b", KeyValueOperation.PUT, 3L, new Setting("b", 2)));
        KeyValueListenerContainer container = (KeyValueListenerContainer)
                context.getBean(NatsListenerEndpointRegistry.class).getListenerContainer("all");
        await().atMost(WAIT).until(container::isInitialValuesDelivered);

        put("feature.a", "{\"name\":\"a\",\"level\":5}");
        keyValue.delete("feature.b");
        await().atMost(WAIT).until(() -> listener.seen.size() == 4);
        assertThat(listener.seen.get(2))
                .isEqualTo(new Seen("feature.a", KeyValueOperation.PUT, 4, new Setting("a", 5)));
        assertThat(listener.seen.get(3)).isEqualTo(new Seen("feature.b", KeyValueOperation.DELETE, 5, null));
        KeyValueEntry<Setting> last = listener.entries.get(3);
        assertThat(last.bucket()).isEqualTo(bucket);
        assertThat(last.isPut()).isFalse();
        assertThat(listener.entries.get(2).value()).isEqualTo(new Setting("a", 5));
        assertThat(listener.entries.get(2).created()).isNotNull();
        assertThat(listener.subjects).first().isEqualTo("$KV." + bucket + ".feature.a|" + bucket);
        assertThat(container.getKind()).isEqualTo("kv");
        assertThat(container.getSubjects()).containsExactly("$KV." + bucket + ".feature.>");
        assertThat(container.isConsuming()).isTrue();

        Timer timer = context.getBean(MeterRegistry.class)
                .find("nats.listener.process")
                .tags("listener.id", "all", "listener.kind", "kv", "outcome", "success")
                .timer();
        assertThat(timer).isNotNull();
        await().atMost(WAIT).until(() -> timer.count() == 4);
    }

    static class UpdatesOnly {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @KeyValueListener(bucket = "${test.bucket}", initial = InitialValues.UPDATES_ONLY, ignoreDeletes = true)
        void onChange(String value, @Key String key) {
            seen.add(key + "=" + value);
        }
    }

    @Test
    void updatesOnlyIgnoringDeletes() throws Exception {
        put("a", "old");
        UpdatesOnly listener = start(bucket, UpdatesOnly.class).getBean(UpdatesOnly.class);
        keyValue.delete("a");
        keyValue.purge("a");
        put("b", "new");
        await().atMost(WAIT).until(() -> !listener.seen.isEmpty());
        assertThat(listener.seen).containsExactly("b=new");
    }

    static class History {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @KeyValueListener(bucket = "${test.bucket}", keys = "k", initial = InitialValues.INCLUDE_HISTORY)
        void onChange(byte[] value, @Revision Long revision) {
            seen.add(revision + ":" + new String(value, StandardCharsets.UTF_8));
        }
    }

    @Test
    void historyFirst() throws Exception {
        put("k", "one");
        put("k", "two");
        History listener = start(bucket, History.class).getBean(History.class);
        await().atMost(WAIT).until(() -> listener.seen.size() == 2);
        put("k", "three");
        await().atMost(WAIT).until(() -> listener.seen.size() == 3);
        assertThat(listener.seen).containsExactly("1:one", "2:two", "3:three");
    }

    static class Pausable {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @KeyValueListener(id = "pausable", bucket = "${test.bucket}", initial = InitialValues.UPDATES_ONLY)
        void onChange(String value, @Key String key) {
            seen.add(key + "=" + value);
        }
    }

    @Test
    void pauseAndResumeThroughTheRegistryMissNothing() throws Exception {
        Pausable listener = start(bucket, Pausable.class).getBean(Pausable.class);
        NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
        NatsListenerContainer container = registry.getListenerContainer("pausable");
        assertThat(container).isNotNull();

        registry.pause("pausable"); // before anything arrived: resumes from the revision at start
        assertThat(container.isPaused()).isTrue();
        assertThat(container.isConsuming()).isFalse();
        put("a", "1");
        put("b", "2");
        registry.resume("pausable");
        await().atMost(WAIT).until(() -> listener.seen.size() == 2);

        registry.pause("pausable");
        put("a", "3");
        registry.resume("pausable");
        put("c", "4");
        await().atMost(WAIT).until(() -> listener.seen.size() == 4);
        assertThat(listener.seen).containsExactly("a=1", "b=2", "a=3", "c=4");

        registry.stop("pausable");
        assertThat(container.isRunning()).isFalse();
        put("d", "5");
        registry.start("pausable"); // updates only again: d is not a change after the start
        put("e", "6");
        await().atMost(WAIT).until(() -> listener.seen.size() == 5);
        assertThat(listener.seen).last().isEqualTo("e=6");
    }

    static class Failing {

        final List<String> seen = new CopyOnWriteArrayList<>();

        final List<ListenerExecutionFailedException> failures = new CopyOnWriteArrayList<>();

        @Bean
        NatsListenerErrorHandler recordingErrorHandler() {
            return (message, exception) -> {
                failures.add(exception);
                return null;
            };
        }

        @KeyValueListener(bucket = "${test.bucket}", errorHandler = "recordingErrorHandler")
        void onChange(Setting value, @Key String key) {
            seen.add(key + "=" + value.name());
        }
    }

    @Test
    void aValueThatCannotBeConvertedReachesTheErrorHandlerNamingBucketAndKey() throws Exception {
        Failing listener = start(bucket, Failing.class).getBean(Failing.class);
        put("bad", "not json");
        put("empty", "");
        put("good", "{\"name\":\"g\",\"level\":1}");
        await().atMost(WAIT).until(() -> listener.seen.size() == 1 && listener.failures.size() == 2);
        assertThat(listener.seen).containsExactly("good=g");
        assertThat(listener.failures).allSatisfy(failure -> {
            assertThat(failure.getListenerId()).isEqualTo("Failing.onChange");
            assertThat(failure.getCause()).isInstanceOf(KeyValueConversionException.class);
        });
        KeyValueConversionException bad =
                (KeyValueConversionException) listener.failures.get(0).getCause();
        assertThat(bad.getBucket()).isEqualTo(bucket);
        assertThat(bad.getKey()).isEqualTo("bad");
        assertThat(bad.getMessage()).contains("bucket '" + bucket + "'", "key 'bad'");
        assertThat(((KeyValueConversionException) listener.failures.get(1).getCause()).getKey())
                .isEqualTo("empty");
    }

    static class Missing {

        @KeyValueListener(id = "missing", bucket = "${test.bucket}")
        void onChange(String value) {}
    }

    @Test
    void aBucketThatDoesNotExistFailsTheStartNamingIt() {
        assertThatThrownBy(() -> start("no-such-bucket", Missing.class))
                .hasRootCauseInstanceOf(io.nats.client.JetStreamApiException.class)
                .satisfies(ex -> {
                    Throwable cause = ex;
                    while (!(cause instanceof KeyValueBucketNotFoundException) && cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    assertThat(cause).isInstanceOf(KeyValueBucketNotFoundException.class);
                    assertThat(((KeyValueBucketNotFoundException) cause).getBucket())
                            .isEqualTo("no-such-bucket");
                    assertThat(cause.getMessage()).contains("'missing'", "bucket 'no-such-bucket'");
                });
        context = null; // refresh failed: already closed
    }
}
