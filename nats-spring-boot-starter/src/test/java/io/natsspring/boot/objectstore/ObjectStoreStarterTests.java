package io.natsspring.boot.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.objectstore.NatsObjectStoreAutoConfiguration;
import io.natsspring.boot.autoconfigure.objectstore.ObjectStoreProtocolRegistrar;
import io.natsspring.boot.docs.objectstore.ReportArchive;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.kv.objectstore.ObjectStoreTemplates;
import io.natsspring.kv.objectstore.resource.ObjectStoreResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/** The Object Store auto-configuration in an application context; subclasses supply the server. */
@Timeout(120)
abstract class ObjectStoreStarterTests {

    @TempDir
    Path store;

    /** URL of a running JetStream-enabled server; each test class has its own. */
    protected abstract String serverUrl();

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsObjectStoreAutoConfiguration.class))
                .withPropertyValues("nats.servers=" + serverUrl(), "nats.jetstream.object-store[0].name=files");
    }

    @Test
    void templatesAndNatsOsResourcesWorkInTheApplication(@TempDir Path dir) {
        runner().withUserConfiguration(ReportArchive.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ObjectStoreTemplates.class);
            ReportArchive archive = context.getBean(ReportArchive.class);
            Path report = Files.writeString(dir.resolve("march.pdf"), "%PDF march");

            assertThat(archive.archive("2026-03", report).getDescription()).isEqualTo("monthly report 2026-03");
            archive.download("2026-03", dir.resolve("back.pdf"));
            assertThat(dir.resolve("back.pdf")).hasContent("%PDF march");

            assertThat(archive.readLatest()).isEqualTo("none yet");
            archive.writeLatest("March is out");
            assertThat(archive.readLatest()).isEqualTo("March is out");
            assertThat(archive.names()).containsExactlyInAnyOrder("reports/2026-03.pdf", "reports/latest.txt");

            Resource viaLoader = context.getResource("nats-os://files/reports/2026-03.pdf");
            assertThat(viaLoader).isInstanceOf(ObjectStoreResource.class);
            assertThat(viaLoader.exists()).isTrue();
            assertThat(viaLoader.contentLength()).isEqualTo(10);
            assertThat(viaLoader.getContentAsString(StandardCharsets.UTF_8)).isEqualTo("%PDF march");
            assertThat(context.getResource("nats-os://files/reports/missing.pdf")
                            .exists())
                    .isFalse();
            assertThat(context.getBean(Connection.class)
                            .objectStore("files")
                            .getInfo("reports/latest.txt")
                            .getSize())
                    .isEqualTo(12);
        });
    }

    @Test
    void anApplicationTemplatesBeanWins() {
        runner().withUserConfiguration(OwnTemplates.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ObjectStoreTemplates.class);
            assertThat(context.getBeanNamesForType(ObjectStoreTemplates.class)).containsExactly("myTemplates");
        });
    }

    @Test
    void nothingWithoutAConnection() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NatsObjectStoreAutoConfiguration.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(ObjectStoreTemplates.class)
                        .doesNotHaveBean(ObjectStoreProtocolRegistrar.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTemplates {

        @Bean
        ObjectStoreTemplates myTemplates(Connection connection) {
            return new ObjectStoreTemplates(connection);
        }
    }
}
