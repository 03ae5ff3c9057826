package io.natsspring.boot.kvconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.natsspring.boot.docs.kvconfig.ShippingConfigAudit;
import io.natsspring.boot.docs.kvconfig.ShippingSettings;
import io.natsspring.boot.docs.kvconfig.ShopApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code nats-kv:} in an application that runs the embedded broker: nothing can be reached at import time, so the
 * bucket is read inside the context, as soon as the connection exists, and the beans bound before are re-bound.
 */
@Timeout(120)
class EmbeddedModeKeyValueConfigTest {

    @TempDir
    Path store;

    private ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(
                List.of("nats.broker.store-dir=" + store, "nats.drain-timeout=1s", "nats.connection-timeout=10s"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new))
                .run();
    }

    @Test
    void aDeclaredBucketIsReadOnceTheBrokerRunsAndWatched() throws Exception {
        String[] properties = {
            "spring.config.import=nats-kv:shop-config", "nats.jetstream.key-value[0].name=shop-config"
        };
        try (ConfigurableApplicationContext context = start(properties)) {
            assertThat(context.getBean(NatsKeyValueConfigWatcher.class).propertySources())
                    .singleElement()
                    .satisfies(source -> assertThat(source.isDeferred()).isTrue());
            ShippingSettings settings = context.getBean(ShippingSettings.class);
            assertThat(settings.getFreeAbove()).isEqualTo(50);

            KeyValue kv = context.getBean(Connection.class).keyValue("shop-config");
            kv.put("shipping.free-above", "90".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(20)).until(() -> settings.getFreeAbove() == 90);
            // the event follows the re-binding
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(
                                    context.getBean(ShippingConfigAudit.class).log())
                            .contains("shop-config [shipping.free-above] -> free above 90"));
        }
        // the store keeps the bucket: the next start reads it before the application is ready
        try (ConfigurableApplicationContext context = start(properties)) {
            assertThat(context.getBean(ShippingSettings.class).getFreeAbove()).isEqualTo(90);
            assertThat(context.getEnvironment().getProperty("shipping.free-above"))
                    .isEqualTo("90");
        }
    }

    @Test
    void aMissingBucketFailsStartupNamingIt() {
        assertThatThrownBy(() -> start("spring.config.import=nats-kv:absent"))
                .hasRootCauseInstanceOf(NatsKeyValueConfigBucketNotFoundException.class)
                .rootCause()
                .hasMessageContaining("Key-Value bucket 'absent'")
                .hasMessageContaining("does not exist");
    }

    @Test
    void aMissingOptionalBucketIsSkipped() {
        try (ConfigurableApplicationContext context = start("spring.config.import=optional:nats-kv:absent")) {
            assertThat(context.getBean(ShippingSettings.class).getFreeAbove()).isEqualTo(50);
        }
    }
}
