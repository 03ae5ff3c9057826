package io.natsspring.boot.kvconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.natsspring.boot.docs.kvconfig.ShippingConfigAudit;
import io.natsspring.boot.docs.kvconfig.ShippingSettings;
import io.natsspring.boot.docs.kvconfig.ShopApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code spring.config.import=nats-kv:<bucket>} in whole applications (remote mode: the bucket is read at import
 * time); subclasses supply the server.
 */
@Timeout(120)
abstract class KeyValueConfigImportTests {

    private Connection connection;

    private String bucket;

    private KeyValue kv;

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    /** URL of a running JetStream-enabled server; each test class has its own. */
    protected abstract String serverUrl();

    @BeforeEach
    void createBucket() throws Exception {
        connection = Nats.connect(new Options.Builder()
                .server(serverUrl())
                .connectionTimeout(Duration.ofSeconds(10))
                .build());
        bucket = "cfg-" + UUID.randomUUID().toString().substring(0, 8);
        KeyValueOptions slowMachine = KeyValueOptions.builder()
                .jetStreamOptions(JetStreamOptions.builder()
                        .requestTimeout(Duration.ofSeconds(10))
                        .build())
                .build();
        connection
                .keyValueManagement(slowMachine)
                .create(KeyValueConfiguration.builder().name(bucket).build());
        kv = connection.keyValue(bucket, slowMachine);
    }

    @AfterEach
    void close() throws Exception {
        contexts.forEach(ConfigurableApplicationContext::close);
        if (connection != null) {
            connection.keyValueManagement().delete(bucket);
            connection.close();
        }
    }

    private ConfigurableApplicationContext start(String location, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "nats.servers=" + serverUrl(),
                "nats.drain-timeout=1s",
                "nats.connection-timeout=10s",
                "spring.config.import=" + location));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new))
                .run();
        contexts.add(context);
        return context;
    }

    @Test
    void twoApplicationsLoadTheBucketAndPickUpChangesLive() throws Exception {
        kv.put("shipping.free-above", "80");
        kv.put("shipping/carriers", "dhl,ups"); // '/' reads as '.'
        kv.put("shop.name", "Nordwind");

        ConfigurableApplicationContext first = start("nats-kv:" + bucket);
        ConfigurableApplicationContext second = start("nats-kv:" + bucket);
        for (ConfigurableApplicationContext context : List.of(first, second)) {
            ShippingSettings settings = context.getBean(ShippingSettings.class);
            assertThat(settings.getFreeAbove()).isEqualTo(80);
            assertThat(settings.getCarriers()).containsExactly("dhl", "ups");
            assertThat(context.getEnvironment().getProperty("shop.name")).isEqualTo("Nordwind");
            assertThat(context.getEnvironment().getProperty("shipping.carriers"))
                    .isEqualTo("dhl,ups");
        }

        kv.put("shipping.free-above", "100");
        kv.put("shipping.express-enabled", "true");
        for (ConfigurableApplicationContext context : List.of(first, second)) {
            ShippingSettings settings = context.getBean(ShippingSettings.class);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(settings.getFreeAbove()).isEqualTo(100);
                assertThat(settings.isExpressEnabled()).isTrue();
            });
            // the event follows the re-binding
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(
                                    context.getBean(ShippingConfigAudit.class).log())
                            .anySatisfy(line -> assertThat(line)
                                    .startsWith(bucket + " [shipping.free-above]")
                                    .endsWith("-> free above 100")));
        }

        // a deleted key: the property goes back to the class's default
        kv.delete("shipping/carriers");
        kv.purge("shipping.express-enabled");
        for (ConfigurableApplicationContext context : List.of(first, second)) {
            ShippingSettings settings = context.getBean(ShippingSettings.class);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(settings.getCarriers()).containsExactly("post");
                assertThat(settings.isExpressEnabled()).isFalse();
                assertThat(context.getEnvironment().getProperty("shipping.carriers"))
                        .isNull();
            });
            assertThat(settings.getFreeAbove()).isEqualTo(100);
        }
    }

    @Test
    void bucketPropertiesOverrideApplicationProperties() throws Exception {
        kv.put("shipping.free-above", "70");
        ConfigurableApplicationContext context =
                start("nats-kv:" + bucket, "shipping.free-above=20", "shipping.carriers=post,dpd");
        ShippingSettings settings = context.getBean(ShippingSettings.class);
        assertThat(settings.getFreeAbove()).isEqualTo(70);
        assertThat(settings.getCarriers()).containsExactly("post", "dpd");
    }

    @Test
    void anEmptyBucketIsNoError() {
        ConfigurableApplicationContext context = start("nats-kv:" + bucket);
        assertThat(context.getBean(ShippingSettings.class).getFreeAbove()).isEqualTo(50);
        assertThat(context.getBean(NatsKeyValueConfigWatcher.class).propertySources())
                .singleElement()
                .satisfies(source -> assertThat(source.getName()).isEqualTo("nats-kv:" + bucket));
    }

    @Test
    void aMissingBucketFailsStartupNamingIt() {
        assertThatThrownBy(() -> start("nats-kv:no-such-bucket"))
                .isInstanceOf(ConfigDataResourceNotFoundException.class)
                .hasMessageContaining("no-such-bucket")
                .cause()
                .isInstanceOf(NatsKeyValueConfigBucketNotFoundException.class)
                .hasMessageContaining("Key-Value bucket 'no-such-bucket'")
                .hasMessageContaining("does not exist");
    }

    @Test
    void aMissingOptionalBucketIsSkipped() {
        ConfigurableApplicationContext context = start("optional:nats-kv:no-such-bucket");
        assertThat(context.getBean(ShippingSettings.class).getFreeAbove()).isEqualTo(50);
        assertThat(context.getEnvironment().getPropertySources().contains("nats-kv:no-such-bucket"))
                .isFalse();
        assertThat(context.getBeanNamesForType(NatsKeyValueConfigWatcher.class)).isEmpty();
    }

    @Test
    void aKeyThatIsNoPropertyNameFailsStartupNamingIt() throws Exception {
        kv.put("shipping.free-above", "70");
        kv.put("shipping.mode=fast", "x");
        assertThatThrownBy(() -> start("nats-kv:" + bucket))
                .hasMessageContaining("Key 'shipping.mode=fast'")
                .hasMessageContaining("bucket '" + bucket + "'")
                .hasMessageContaining("not a property name");
    }

    @Test
    void aKeyThatArrivesLaterAndIsNoPropertyNameIsLeftOut() throws Exception {
        ConfigurableApplicationContext context = start("nats-kv:" + bucket);
        ShippingSettings settings = context.getBean(ShippingSettings.class);
        kv.put("shipping//free-above", "10");
        kv.put("shipping.free-above", "30");
        await().atMost(Duration.ofSeconds(20)).until(() -> settings.getFreeAbove() == 30);
        assertThat(context.getBean(NatsKeyValueConfigWatcher.class).propertySources())
                .singleElement()
                .satisfies(source -> assertThat(source.getProperties()).containsOnlyKeys("shipping.free-above"));
    }
}
