package io.natsspring.boot.autoconfigure.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.natsspring.annotation.support.JacksonNatsMessageConverter;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.kv.core.KeyValueTemplates;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NatsKeyValueAutoConfigurationTest {

    @TempDir
    Path store;

    @Test
    void templatesBeanUsesTheSharedConverter() {
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsKeyValueAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(KeyValueTemplates.class);
                });
    }

    @Test
    void backsOffForTheApplicationsBean() {
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsKeyValueAutoConfiguration.class))
                .withUserConfiguration(OwnTemplates.class)
                .run(context -> assertThat(context)
                        .hasSingleBean(KeyValueTemplates.class)
                        .hasBean("myTemplates"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTemplates {
        @Bean
        KeyValueTemplates myTemplates(Connection connection) {
            return new KeyValueTemplates(connection, new JacksonNatsMessageConverter(), 3);
        }
    }

    @Test
    void backsOffWithoutTheKvModule() {
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsKeyValueAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(KeyValueTemplates.class))
                .run(context -> assertThat(context).doesNotHaveBean(KeyValueTemplates.class));
    }
}
