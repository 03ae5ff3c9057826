package io.natsspring.boot.autoconfigure.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.NatsBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code nats.broker.config-file}: the file is the base, explicitly set properties override it, authentication comes
 * from one side only, and a mistake in the file is reported with file, line and key.
 */
class EmbeddedBrokerConfigFileTest {

    private static final String DOCS_FILE = "classpath:io/natsspring/boot/docs/security/nats-server.conf";

    @TempDir
    static Path store;

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store);
    }

    @Test
    void theFileIsTheBaseAndExplicitPropertiesOverrideIt() {
        runner().withPropertyValues(
                        "nats.broker.config-file=" + DOCS_FILE, "nats.broker.port=0", "nats.broker.host=127.0.0.1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    NatsBroker broker = context.getBean(NatsBroker.class);
                    assertThat(broker.options().port()).isZero();
                    assertThat(broker.port()).isNotEqualTo(4222);
                    assertThat(broker.options().host()).isEqualTo("127.0.0.1");
                    assertThat(broker.options().jetStream()).isTrue();
                    assertThat(broker.options().maxMemoryStore()).isEqualTo(256L * 1024 * 1024);
                    assertThat(broker.options().accounts())
                            .extracting(AccountConfig::name)
                            .containsExactly("ORDERS", "SHOP");
                    Connection app = context.getBean(Connection.class);
                    assertThat(app.getOptions().getUsername()).isEqualTo("orders-app");
                    assertThat(app.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                });
    }

    @Test
    void appUserPicksAFileUser() {
        runner().withPropertyValues(
                        "nats.broker.config-file=" + DOCS_FILE,
                        "nats.broker.port=0",
                        "nats.broker.host=127.0.0.1",
                        "nats.broker.app-user=shop")
                .run(context -> assertThat(
                                context.getBean(Connection.class).getOptions().getUsername())
                        .isEqualTo("shop"));
    }

    @Test
    void usersFromBothSidesConflict() {
        runner().withPropertyValues(
                        "nats.broker.config-file=" + DOCS_FILE,
                        "nats.broker.port=0",
                        "nats.broker.users[0].username=x",
                        "nats.broker.users[0].password=y")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    assertThat(failure)
                            .rootCause()
                            .isInstanceOf(EmbeddedBrokerConfigurationException.class)
                            .hasMessageContaining("nats.broker.users can not be combined with the users, accounts or"
                                    + " token of nats.broker.config-file");
                });
    }

    @Test
    void aMistakeInTheFileNamesFileLineAndKey() throws Exception {
        Path file = Files.writeString(store.resolve("bad.conf"), "port: 0\nmax_payload: -1\n");
        runner().withPropertyValues("nats.broker.config-file=" + file).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            while (root.getCause() != null && !(root instanceof EmbeddedBrokerConfigurationException)) {
                root = root.getCause();
            }
            assertThat(root)
                    .isInstanceOf(EmbeddedBrokerConfigurationException.class)
                    .hasMessageContaining(file + ":2: ")
                    .hasMessageContaining("max_payload");
            FailureAnalysis analysis =
                    new EmbeddedBrokerConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(file + ":2: ").contains("nats.broker.config-file");
            assertThat(analysis.getAction()).contains("line");
        });
        runner().withPropertyValues("nats.broker.config-file=" + store.resolve("missing.conf"))
                .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("missing.conf"));
    }
}
