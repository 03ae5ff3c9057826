package io.natsspring.boot.docs.kv;

// tag::snippet[]
import io.natsspring.kv.cache.NatsCacheConfiguration;
import io.natsspring.kv.cache.NatsCacheManager;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CacheCustomization {

    @Bean
    CacheManagerCustomizer<NatsCacheManager> rates() {
        // a cache of its own settings, in code rather than under nats.cache.caches
        return manager -> manager.setCacheConfigurations(Map.of(
                "rates", manager.getDefaultConfiguration().withTimeToLive(Duration.ofSeconds(5))));
    }
}
// end::snippet[]
