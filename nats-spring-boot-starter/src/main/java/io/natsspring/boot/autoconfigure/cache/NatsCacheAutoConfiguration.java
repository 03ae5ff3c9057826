package io.natsspring.boot.autoconfigure.cache;

import io.nats.client.Connection;
import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.boot.autoconfigure.NatsCacheProperties;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.jetstream.JetStreamDeclarationsInitializer;
import io.natsspring.boot.autoconfigure.kv.NatsKeyValueAutoConfiguration;
import io.natsspring.kv.cache.CacheKeyMapper;
import io.natsspring.kv.cache.CacheValueCodec;
import io.natsspring.kv.cache.ConverterCacheValueCodec;
import io.natsspring.kv.cache.NatsCacheConfiguration;
import io.natsspring.kv.cache.NatsCacheManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * A {@link NatsCacheManager} as the application's {@link CacheManager} when {@code nats.cache.enabled=true}: one
 * Key-Value bucket per cache, set by {@code nats.cache.*}. Boot's {@code spring.cache.type} is a closed enum, so a
 * third-party cache cannot be chosen there; this runs before Boot's cache auto-configuration, which then backs off.
 * Applies the application's {@code CacheManagerCustomizer<NatsCacheManager>} beans when {@code spring-boot-cache} is
 * present. Backs off when the application declares a {@link CacheManager}.
 */
@AutoConfiguration(
        after = NatsKeyValueAutoConfiguration.class,
        beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({CacheManager.class, NatsCacheManager.class})
@ConditionalOnBean({Connection.class, NatsMessageConverter.class})
@ConditionalOnBooleanProperty("nats.cache.enabled")
@ConditionalOnMissingBean(CacheManager.class)
public class NatsCacheAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CacheValueCodec natsCacheValueCodec(NatsMessageConverter converter, ResourceLoader resourceLoader) {
        ClassLoader classLoader = resourceLoader.getClassLoader();
        return new ConverterCacheValueCodec(
                converter, classLoader != null ? classLoader : NatsCacheAutoConfiguration.class.getClassLoader());
    }

    /** With Boot's cache module: the {@code CacheManagerCustomizer} beans are applied. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers")
    static class WithCustomizers {

        @Bean
        NatsCacheManager cacheManager(
                Connection connection,
                CacheValueCodec codec,
                NatsProperties properties,
                ObjectProvider<JetStreamDeclarationsInitializer> declarations,
                ObjectProvider<CacheManagerCustomizer<?>> customizers) {
            NatsCacheManager manager = createManager(connection, codec, properties, declarations);
            return new CacheManagerCustomizers(customizers.orderedStream().toList()).customize(manager);
        }
    }

    /** Without Boot's cache module. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers")
    static class WithoutCustomizers {

        @Bean
        NatsCacheManager cacheManager(
                Connection connection,
                CacheValueCodec codec,
                NatsProperties properties,
                ObjectProvider<JetStreamDeclarationsInitializer> declarations) {
            return createManager(connection, codec, properties, declarations);
        }
    }

    static NatsCacheManager createManager(
            Connection connection,
            CacheValueCodec codec,
            NatsProperties properties,
            ObjectProvider<JetStreamDeclarationsInitializer> declarations) {
        // buckets declared under nats.jetstream.key-value exist before the caches are opened, and are used as they are
        declarations.ifAvailable(JetStreamDeclarationsInitializer::apply);
        NatsCacheProperties cache = properties.getCache();
        NatsCacheConfiguration defaults = NatsCacheConfiguration.defaults()
                .withTimeToLive(cache.getTimeToLive())
                .withCacheNullValues(cache.isCacheNullValues())
                .withStorage(cache.getStorage())
                .withReplicas(cache.getReplicas());
        NatsCacheManager manager = new NatsCacheManager(connection, codec);
        manager.setDefaultConfiguration(defaults);
        manager.setBucketPrefix(cache.getBucketPrefix());
        manager.setKeyMapper(new CacheKeyMapper(cache.getKeyMode()));
        manager.setAllowRuntimeCacheCreation(cache.isAllowRuntimeCreation());
        Map<String, NatsCacheConfiguration> own = new LinkedHashMap<>();
        cache.getCaches().forEach((name, spec) -> {
            NatsCacheConfiguration config = defaults;
            if (spec.getTimeToLive() != null) config = config.withTimeToLive(spec.getTimeToLive());
            if (spec.getCacheNullValues() != null) config = config.withCacheNullValues(spec.getCacheNullValues());
            if (spec.getStorage() != null) config = config.withStorage(spec.getStorage());
            if (spec.getReplicas() != null) config = config.withReplicas(spec.getReplicas());
            own.put(name, config);
        });
        manager.setCacheConfigurations(own);
        manager.setCacheNames(cache.getCacheNames());
        return manager;
    }
}
