package io.natsspring.boot.autoconfigure.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.buckets.BucketMetrics;
import io.natsspring.boot.autoconfigure.buckets.BucketStatus;
import io.natsspring.boot.autoconfigure.endpoint.NatsEndpoint;
import io.natsspring.boot.autoconfigure.endpoint.NatsEndpointAutoConfiguration;
import io.natsspring.boot.autoconfigure.health.NatsHealthContributorAutoConfiguration;
import io.natsspring.boot.autoconfigure.health.NatsHealthIndicator;
import io.natsspring.boot.autoconfigure.listener.NatsListenerAutoConfiguration;
import io.natsspring.boot.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.natsspring.boot.autoconfigure.objectstore.NatsObjectStoreAutoConfiguration;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.kv.core.KeyValueBucketNotFoundException;
import io.natsspring.kv.core.KeyValueTemplates;
import io.natsspring.kv.listener.Key;
import io.natsspring.kv.listener.KeyValueListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @KeyValueListener} and the bucket operations in a Boot application: the listener in the registry and on
 * the {@code nats} endpoint (pause/resume), per-bucket health details, gauges and the endpoint's bucket list, and
 * the start failure for a missing bucket. Subclasses run it on the embedded broker and on nats-server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class KeyValueOperationsContract {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path store;

    /** Properties that point the application at the server under test (none: the embedded broker). */
    protected abstract List<String> serverProperties();

    private ApplicationContextRunner runner(String... properties) {
        List<String> all = new ArrayList<>(serverProperties());
        all.add("nats.connection-timeout=10s"); // shared CI machines: JetStream API calls can be slow
        all.addAll(List.of(properties));
        return NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(
                        NatsListenerAutoConfiguration.class,
                        NatsKeyValueAutoConfiguration.class,
                        NatsObjectStoreAutoConfiguration.class,
                        NatsHealthContributorAutoConfiguration.class,
                        NatsEndpointAutoConfiguration.class,
                        NatsMetricsAutoConfiguration.class))
                .withPropertyValues(all.toArray(String[]::new));
    }

    static class FeatureListener {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @KeyValueListener(id = "features", bucket = "${test.bucket}", keys = "feature.>")
        void onChange(String value, @Key String key) {
            seen.add(key + "=" + value);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Application {

        @Bean
        FeatureListener featureListener() {
            return new FeatureListener();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void listenerHealthGaugesAndEndpoint() {
        int n = BUCKETS.incrementAndGet();
        String bucket = "ops-kv-" + n;
        String objects = "ops-os-" + n;
        runner(
                        "test.bucket=" + bucket,
                        "nats.jetstream.key-value[0].name=" + bucket,
                        "nats.jetstream.key-value[0].history=3",
                        "nats.jetstream.key-value[0].ttl=1h",
                        "nats.jetstream.key-value[0].storage=memory",
                        "nats.jetstream.object-store[0].name=" + objects,
                        "nats.jetstream.object-store[0].storage=memory",
                        "management.endpoints.web.exposure.include=nats")
                .withUserConfiguration(Application.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FeatureListener listener = context.getBean(FeatureListener.class);
                    KeyValueTemplates templates = context.getBean(KeyValueTemplates.class);
                    templates.forBucket(bucket, String.class).put("feature.a", "on");
                    templates.forBucket(bucket, String.class).put("other", "x");
                    await().atMost(WAIT).until(() -> listener.seen.contains("feature.a=on"));

                    NatsEndpoint endpoint = context.getBean(NatsEndpoint.class);
                    NatsEndpoint.ListenerDescriptor described = endpoint.nats().listeners().stream()
                            .filter(l -> l.id().equals("features"))
                            .findFirst()
                            .orElseThrow();
                    assertThat(described.kind()).isEqualTo("kv");
                    assertThat(described.stream()).isEqualTo("KV_" + bucket);
                    assertThat(described.subjects()).containsExactly("$KV." + bucket + ".feature.>");
                    assertThat(endpoint.listener("features", "pause").paused()).isTrue();
                    templates.forBucket(bucket, String.class).put("feature.b", "while paused");
                    assertThat(endpoint.listener("features", "resume").consuming())
                            .isTrue();
                    await().atMost(WAIT).until(() -> listener.seen.contains("feature.b=while paused"));
                    assertThat(listener.seen).containsExactly("feature.a=on", "feature.b=while paused");

                    List<BucketStatus> listed = endpoint.nats().buckets();
                    assertThat(listed)
                            .filteredOn(status -> status.name().equals(bucket))
                            .singleElement()
                            .satisfies(status -> {
                                assertThat(status.kind()).isEqualTo(BucketStatus.KEY_VALUE);
                                assertThat(status.entries()).isEqualTo(3);
                                assertThat(status.history()).isEqualTo(3);
                                assertThat(status.ttl()).isEqualTo(Duration.ofHours(1));
                                assertThat(status.watchers()).isGreaterThanOrEqualTo(1);
                            });
                    assertThat(listed).anySatisfy(status -> {
                        assertThat(status.name()).isEqualTo(objects);
                        assertThat(status.kind()).isEqualTo(BucketStatus.OBJECT_STORE);
                        assertThat(status.sealed()).isFalse();
                    });

                    Health health = context.getBean(NatsHealthIndicator.class).health();
                    @SuppressWarnings("unchecked")
                    Map<String, Map<String, Map<String, Object>>> buckets =
                            (Map<String, Map<String, Map<String, Object>>>)
                                    health.getDetails().get("buckets");
                    assertThat(buckets.get("key-value").get(bucket))
                            .containsEntry("present", true)
                            .containsEntry("entries", 3L)
                            .containsEntry("history", 3L)
                            .containsEntry("ttl", "PT1H")
                            .containsKey("bytes")
                            .containsKey("watchers");
                    assertThat(buckets.get("object-store").get(objects))
                            .containsEntry("present", true)
                            .containsEntry("entries", 0L);

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    // no Boot metrics auto-configuration here to bind the MeterBinder beans
                    context.getBean(BucketMetrics.class).bindTo(registry);
                    assertThat(registry.get("nats.kv.entries")
                                    .tag("bucket", bucket)
                                    .gauge()
                                    .value())
                            .isEqualTo(3.0);
                    assertThat(registry.get("nats.kv.bytes")
                                    .tag("bucket", bucket)
                                    .gauge()
                                    .value())
                            .isGreaterThan(0.0);
                    assertThat(registry.get("nats.os.bytes")
                                    .tag("bucket", objects)
                                    .gauge()
                                    .value())
                            .isEqualTo(0.0);
                    assertThat(registry.get("nats.os.objects")
                                    .tag("bucket", objects)
                                    .gauge()
                                    .value())
                            .isEqualTo(0.0);
                    assertThat(registry.get("nats.listener.process")
                                    .tags("listener.id", "features", "listener.kind", "kv", "outcome", "success")
                                    .timer()
                                    .count())
                            .isEqualTo(2);
                    Connection connection = context.getBean(Connection.class);
                    assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                });
    }

    @Test
    void aListenerOnABucketThatDoesNotExistFailsTheStartWithAnAnalysis() {
        runner("test.bucket=never-declared-" + BUCKETS.incrementAndGet())
                .withUserConfiguration(Application.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    FailureAnalysis analysis = new KeyValueBucketNotFoundFailureAnalyzer().analyze(failure);
                    assertThat(analysis)
                            .as(() -> "analysis of " + org.springframework.util.ObjectUtils.nullSafeToString(failure)
                                    + " caused by "
                                    + org.springframework.core.NestedExceptionUtils.getMostSpecificCause(failure))
                            .isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("Key-Value listener 'features' watches a bucket that does not exist")
                            .contains("never-declared-");
                    assertThat(analysis.getAction()).contains("nats.jetstream.key-value[0].name=never-declared-");
                    assertThat(analysis.getCause()).isInstanceOf(KeyValueBucketNotFoundException.class);
                });
    }
}
