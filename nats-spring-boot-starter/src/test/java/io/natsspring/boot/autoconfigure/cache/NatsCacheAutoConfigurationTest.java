package io.natsspring.boot.autoconfigure.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.boot.autoconfigure.kv.NatsKeyValueAutoConfiguration;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.kv.cache.NatsCache;
import io.natsspring.kv.cache.NatsCacheException;
import io.natsspring.kv.cache.NatsCacheManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NatsCacheAutoConfigurationTest {

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(
                        NatsKeyValueAutoConfiguration.class,
                        NatsCacheAutoConfiguration.class,
                        CacheAutoConfiguration.class))
                .withUserConfiguration(Caching.class);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Caching {}

    @Test
    void offUnlessEnabled() {
        runner().run(context -> assertThat(context).doesNotHaveBean(NatsCacheManager.class));
    }

    @Test
    void enabledWithPerCacheSettingsAndCustomizer() {
        runner().withUserConfiguration(Customizer.class)
                .withPropertyValues(
                        "nats.cache.enabled=true",
                        "nats.cache.cache-names=books",
                        "nats.cache.time-to-live=10m",
                        "nats.cache.caches.sessions.time-to-live=30s",
                        "nats.cache.caches.sessions.cache-null-values=false",
                        "nats.cache.bucket-prefix=app-",
                        "spring.cache.type=simple")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CacheManager.class);
                    NatsCacheManager manager = context.getBean(NatsCacheManager.class);
                    assertThat(manager.getCacheNames()).contains("books", "sessions", "customized");
                    NatsCache books = (NatsCache) manager.getCache("books");
                    assertThat(books.getBucketName()).isEqualTo("app-books");
                    assertThat(books.getNativeCache().getStatus().getTtl()).isEqualTo(Duration.ofMinutes(10));
                    NatsCache sessions = (NatsCache) manager.getCache("sessions");
                    assertThat(sessions.getNativeCache().getStatus().getTtl()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(sessions.isAllowNullValues()).isFalse();
                    books.put("k", "v");
                    assertThat(books.get("k").get()).isEqualTo("v");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizer {
        @Bean
        CacheManagerCustomizer<NatsCacheManager> addCache() {
            return manager -> manager.setCacheNames(java.util.List.of("customized"));
        }
    }

    @Test
    void declaredBucketIsUsedForItsCache() {
        runner().withPropertyValues(
                        "nats.cache.enabled=true",
                        "nats.cache.cache-names=flags",
                        "nats.jetstream.key-value[0].name=cache-flags",
                        "nats.jetstream.key-value[0].history=4")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    NatsCache flags =
                            (NatsCache) context.getBean(NatsCacheManager.class).getCache("flags");
                    assertThat(flags.getNativeCache().getStatus().getMaxHistoryPerKey())
                            .isEqualTo(4);
                });
    }

    @Test
    void backsOffForTheApplicationsCacheManager() {
        runner().withUserConfiguration(OwnManager.class)
                .withPropertyValues("nats.cache.enabled=true")
                .run(context ->
                        assertThat(context).hasSingleBean(CacheManager.class).doesNotHaveBean(NatsCacheManager.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnManager {
        @Bean
        CacheManager myCacheManager() {
            return new ConcurrentMapCacheManager();
        }
    }

    @Test
    void aCacheWhoseBucketCannotBeCreatedFailsStartupNamingIt() {
        runner().withPropertyValues("nats.cache.enabled=true", "nats.cache.cache-names=bad.name")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(NatsCacheException.class)
                            .hasMessageContaining("cache 'bad.name'")
                            .hasMessageContaining("cache-bad.name");
                });
    }

    @Test
    void unknownCacheKeyFailsStartup() {
        runner().withPropertyValues("nats.cache.enabled=true", "nats.cache.time-to-liv=5m")
                .run(context -> assertThat(context).hasFailed());
    }
}
