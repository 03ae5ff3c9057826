package io.natsspring.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link NatsBroker#reload} through the public API: what is refused, and the settings applied without a file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NatsBrokerReloadTest {

    private static BrokerOptions.Builder base() {
        return BrokerOptions.builder().host("127.0.0.1").port(0).authTimeout(Duration.ofSeconds(10));
    }

    @Test
    void settingsThatCanNotBeReloadedAreRefusedWithNatsServersTextAndNothingChanges() {
        BrokerOptions options = base().serverName("one").build();
        try (NatsBroker broker = new NatsBroker(options).start()) {
            int port = broker.port();
            assertThatThrownBy(() ->
                            broker.reload(options.toBuilder().port(port + 1).build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("config reload not supported for Port: old=" + port + ", new=" + (port + 1));
            assertThatThrownBy(() ->
                            broker.reload(options.toBuilder().host("0.0.0.0").build()))
                    .hasMessage("config reload not supported for Host: old=127.0.0.1, new=0.0.0.0");
            assertThatThrownBy(() -> broker.reload(
                            options.toBuilder().serverName("two").token("t").build()))
                    .hasMessage("config reload not supported for ServerName: old=one, new=two");
            assertThat(broker.options()).isSameAs(options);
            broker.reload(options.toBuilder().port(0).maxPayload(2048).build());
            assertThat(broker.options().maxPayload()).isEqualTo(2048);
        }
    }

    @Test
    void jetStreamStoreChangesAreRefused(@org.junit.jupiter.api.io.TempDir Path dir) {
        BrokerOptions options =
                base().jetStream(true).storeDir(dir.resolve("a")).build();
        try (NatsBroker broker = new NatsBroker(options).start()) {
            assertThatThrownBy(() -> broker.reload(
                            options.toBuilder().storeDir(dir.resolve("b")).build()))
                    .hasMessage("config reload not supported for jetstream storage directory");
            assertThatThrownBy(() -> broker.reload(
                            options.toBuilder().maxMemoryStore(1024 * 1024).build()))
                    .hasMessage("config reload not supported for jetstream max memory and max store");
        }
    }

    @Test
    void noAuthUserMayOnlyGoAwayWithItsUser() {
        BrokerOptions options = base().addUser(new UserConfig("a", "pa", null, null))
                .addUser(new UserConfig("b", "pb", null, null))
                .noAuthUser("a")
                .build();
        try (NatsBroker broker = new NatsBroker(options).start()) {
            assertThatThrownBy(() ->
                            broker.reload(options.toBuilder().noAuthUser("b").build()))
                    .hasMessage("config reload not supported for NoAuthUser: old=a, new=b");
            assertThatThrownBy(() ->
                            broker.reload(options.toBuilder().noAuthUser(null).build()))
                    .hasMessage("config reload not supported for NoAuthUser: old=a, new=");
            broker.reload(base().addUser(new UserConfig("b", "pb", null, null)).build());
        }
    }

    @Test
    void anImportOfAnUnexportedSubjectRefusesTheReloadAndNothingIsApplied() {
        AccountConfig a = AccountConfig.of("A", List.of(new UserConfig("a", "pa", null, null)));
        AccountConfig b = AccountConfig.of("B", List.of(new UserConfig("b", "pb", null, null)));
        BrokerOptions options = base().addAccount(a).addAccount(b).build();
        try (NatsBroker broker = new NatsBroker(options).start()) {
            BrokerOptions changed = base().addAccount(a)
                    .addAccount(b.withImports(List.of(AccountConfig.Import.stream("A", "news.>"))))
                    .build();
            assertThatThrownBy(() -> broker.reload(changed))
                    .hasMessageContaining("stream import of 'news.>' from account 'A' in account 'B'")
                    .hasMessageContaining("the account exports no such stream");
            broker.reload(base().addAccount(a.withExports(List.of(AccountConfig.Export.stream("news.>"))))
                    .addAccount(b.withImports(List.of(AccountConfig.Import.stream("A", "news.>"))))
                    .build());
        }
    }

    @Test
    void aLowerMaxConnectionsClosesTheConnectionsBeyondIt() throws Exception {
        BrokerOptions options = base().build();
        try (NatsBroker broker = new NatsBroker(options).start()) {
            List<Connection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    connections.add(Nats.connect(new Options.Builder()
                            .server(broker.clientUrl())
                            .connectionTimeout(Duration.ofSeconds(10))
                            .noReconnect()
                            .build()));
                }
                broker.reload(options.toBuilder().maxConnections(1).build());
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> connections.stream()
                                        .filter(c -> c.getStatus() == Connection.Status.CONNECTED)
                                        .count()
                                == 1);
                assertThat(broker.connectionCount()).isEqualTo(1);
            } finally {
                for (Connection c : connections) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aBrokerThatIsNotRunningCanNotReload() {
        NatsBroker broker = new NatsBroker(base().build());
        assertThatThrownBy(() -> broker.reload(base().build())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void durationsArePrintedAsGoDoes() {
        assertThat(ReloadCheck.goDuration(Duration.ofMinutes(2))).isEqualTo("2m0s");
        assertThat(ReloadCheck.goDuration(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(ReloadCheck.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(ReloadCheck.goDuration(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(ReloadCheck.goDuration(Duration.ofHours(1).plusSeconds(5))).isEqualTo("1h0m5s");
    }
}
