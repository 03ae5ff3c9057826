package io.natsspring.boot.autoconfigure.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.LeafNodeConfig;
import io.natsspring.broker.NatsBroker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * How {@code nats.broker.leaf.*} and {@code nats.broker.jetstream.*} become the broker's options, and the startup
 * failures (naming the property) for what is wrong or not supported.
 */
class EmbeddedBrokerLeafPropertiesTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(dir.resolve("store"));
    }

    private static FailureAnalysis failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis =
                new EmbeddedBrokerConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis)
                .as("failure analysis of %s", context.getStartupFailure())
                .isNotNull();
        return analysis;
    }

    @Test
    void remotesListenAndAuthorizationBecomeTheLeafNodesBlock() throws Exception {
        Path creds = Files.writeString(dir.resolve("edge.creds"), "not checked before the link connects");
        runner().withPropertyValues(
                        "nats.broker.leaf.remotes[0].url=nats-leaf://u:p@127.0.0.1:1",
                        "nats.broker.leaf.remotes[0].urls=nats-leaf://127.0.0.1:2",
                        "nats.broker.leaf.remotes[0].deny-imports=secret.>",
                        "nats.broker.leaf.remotes[0].deny-exports=local.>,private.*",
                        "nats.broker.leaf.remotes[0].credentials=" + creds,
                        "nats.broker.leaf.listen.port=0",
                        "nats.broker.leaf.authorization.users[0].user=edge",
                        "nats.broker.leaf.authorization.users[0].password=pw",
                        "nats.broker.leaf.authorization.timeout=3s",
                        "nats.broker.leaf.reconnect-delay=250ms",
                        "nats.broker.jetstream.domain=edge")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BrokerOptions options = context.getBean(NatsBroker.class).options();
                    LeafNodeConfig leaf = options.leafNodes();
                    assertThat(leaf.port()).isZero();
                    assertThat(leaf.reconnectDelay()).isEqualTo(Duration.ofMillis(250));
                    assertThat(leaf.authorization().users())
                            .singleElement()
                            .satisfies(u -> assertThat(u.user()).isEqualTo("edge"));
                    assertThat(leaf.authorization().timeout()).isEqualTo(Duration.ofSeconds(3));
                    LeafNodeConfig.Remote remote = leaf.remotes().get(0);
                    assertThat(remote.urls())
                            .containsExactly(
                                    URI.create("nats-leaf://u:p@127.0.0.1:1"), URI.create("nats-leaf://127.0.0.1:2"));
                    assertThat(remote.denyImports()).containsExactly("secret.>");
                    assertThat(remote.denyExports()).containsExactly("local.>", "private.*");
                    assertThat(remote.credentials()).isEqualTo(creds);
                    assertThat(options.jetStreamDomain()).isEqualTo("edge");
                    assertThat(context.getBean(NatsBroker.class).leafNodePort()).isPositive();
                });
    }

    @Test
    void theShortFormOfJetstreamStillWorks() {
        runner().withPropertyValues("nats.broker.jetstream=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(NatsBroker.class).options().jetStream()).isFalse();
        });
        runner().withPropertyValues("nats.broker.jetstream.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(NatsBroker.class).options().jetStream()).isFalse();
        });
    }

    @Test
    void aDomainBesideTheShortFormIsRefusedNotLost() {
        runner().withPropertyValues("nats.broker.jetstream=true", "nats.broker.jetstream.domain=edge")
                .run(context -> assertThat(failure(context).getDescription())
                        .contains("nats.broker.jetstream.domain was not applied")
                        .contains("nats.broker.jetstream.enabled"));
    }

    @Test
    void theIngestHeapPercentReachesTheBrokerAndIsCheckedNamingTheProperty() {
        runner().withPropertyValues("nats.broker.jetstream.ingest-heap-percent=10")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(NatsBroker.class).options().jetStreamIngestHeapPercent())
                            .isEqualTo(10);
                });
        runner().run(context -> assertThat(
                        context.getBean(NatsBroker.class).options().jetStreamIngestHeapPercent())
                .isEqualTo(BrokerOptions.DEFAULT_JETSTREAM_INGEST_HEAP_PERCENT));
        runner().withPropertyValues("nats.broker.jetstream.ingest-heap-percent=95")
                .run(context -> assertThat(failure(context).getDescription())
                        .contains("nats.broker.jetstream.ingest-heap-percent")
                        .contains("between 1 and 90, was 95"));
        runner().withPropertyValues("nats.broker.jetstream=true", "nats.broker.jetstream.ingest-heap-percent=10")
                .run(context -> assertThat(failure(context).getDescription())
                        .contains("nats.broker.jetstream.ingest-heap-percent was not applied"));
    }

    @Test
    void anInvalidDomainNamesTheProperty() {
        runner().withPropertyValues("nats.broker.jetstream.domain=edge.one")
                .run(context -> assertThat(failure(context).getDescription())
                        .contains("nats.broker.jetstream.domain")
                        .contains("invalid domain name"));
    }

    @Test
    void anUnknownSslBundleOnALeafLinkNamesTheProperty() {
        runner().withPropertyValues(
                        "nats.broker.leaf.remotes[0].url=nats-leaf://127.0.0.1:7422",
                        "nats.broker.leaf.remotes[0].ssl.bundle=hub")
                .run(context -> {
                    FailureAnalysis analysis = failure(context);
                    assertThat(analysis.getDescription())
                            .contains("nats.broker.leaf.remotes[0].ssl.bundle")
                            .contains("hub");
                    assertThat(analysis.getAction()).contains("nats.broker.leaf.remotes[0].ssl.bundle");
                });
    }

    @Test
    void linkTlsSettingsWithoutABundleNameTheBundleProperty() {
        runner().withPropertyValues(
                        "nats.broker.leaf.remotes[0].url=nats-leaf://127.0.0.1:7422",
                        "nats.broker.leaf.remotes[0].ssl.handshake-first=true")
                .run(context -> assertThat(failure(context).getDescription())
                        .contains("nats.broker.leaf.remotes[0].ssl.bundle is required"));
    }

    @Test
    void wrongLeafSettingsNameTheirProperty() {
        runner().withPropertyValues("nats.broker.leaf.remotes[0].account=A")
                .run(context -> assertThat(failure(context).getDescription())
                        .contains("nats.broker.leaf.remotes[0].url (or nats.broker.leaf.remotes[0].urls) is required"));
        runner().withPropertyValues("nats.broker.leaf.remotes[0].url=http://hub:7422")
                .run(context -> assertThat(failure(context).getDescription())
                        .contains("nats.broker.leaf.remotes[0].url: 'http://hub:7422' must be nats-leaf://"));
        runner().withPropertyValues(
                        "nats.broker.leaf.remotes[0].url=nats-leaf://127.0.0.1:7422",
                        "nats.broker.leaf.remotes[0].credentials=" + dir.resolve("missing.creds"))
                .run(context -> assertThat(failure(context).getDescription())
                        .contains("nats.broker.leaf.remotes[0].credentials: the file")
                        .contains("can not be read"));
        runner().withPropertyValues("nats.broker.leaf.authorization.user=edge")
                .run(context -> assertThat(failure(context).getDescription())
                        .contains("nats.broker.leaf.authorization is set but there is no leaf-node port"));
    }

    @Test
    void aMisspeltLeafKeyIsCaughtByTheStrictKeysCheck() {
        runner().withPropertyValues("nats.broker.leaf.remotes[0].ulr=nats-leaf://127.0.0.1:7422")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("nats.broker.leaf.remotes[0].ulr");
                });
    }
}
