package io.natsspring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.Options;
import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.boot.autoconfigure.broker.EmbeddedBrokerConnectionDetails;
import io.natsspring.boot.template.NatsTemplate;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.BrokerStartException;
import io.natsspring.broker.NatsBroker;
import io.natsspring.test.server.NatsServerProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition branch of the connection and embedded-broker auto-configuration, over real TCP. */
class NatsAutoConfigurationTest {

    /** A separately started broker standing in for a remote server. */
    private static NatsBroker remote;

    @TempDir
    static Path store;

    @BeforeAll
    static void startRemote() {
        remote = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .serverName("remote")
                        .build())
                .start();
    }

    @AfterAll
    static void stopRemote() {
        remote.close();
    }

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store);
    }

    @Test
    void defaultsStartTheEmbeddedBrokerAndConnectToIt() {
        runner().withPropertyValues("spring.application.name=orders").run(context -> {
            assertThat(context).hasSingleBean(NatsBroker.class).hasSingleBean(EmbeddedBrokerConnectionDetails.class);
            NatsBroker broker = context.getBean(NatsBroker.class);
            Connection connection = context.getBean(Connection.class);
            assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            assertThat(connection.getConnectedUrl()).endsWith(":" + broker.port());
            assertThat(connection.getServerInfo().getServerName()).isEqualTo("orders");
            assertThat(connection.getOptions().getConnectionName()).isEqualTo("orders");
            assertThat(broker.options().jetStream()).isTrue();
            assertThat(broker.options().storeDir()).isEqualTo(store);
            assertThat(context)
                    .hasSingleBean(JetStream.class)
                    .hasSingleBean(JetStreamManagement.class)
                    .hasSingleBean(KeyValueManagement.class)
                    .hasSingleBean(ObjectStoreManagement.class)
                    .hasSingleBean(NatsTemplate.class)
                    .hasSingleBean(NatsMessageConverter.class)
                    .hasSingleBean(NatsProperties.class);
        });
    }

    @Test
    void serversSelectRemoteModeAndStartNoBroker() {
        runner().withPropertyValues("nats.servers=" + remote.clientUrl()).run(context -> {
            assertThat(context).doesNotHaveBean(NatsBroker.class).hasSingleBean(PropertiesNatsConnectionDetails.class);
            assertThat(context.getBean(Connection.class).getServerInfo().getServerName())
                    .isEqualTo("remote");
        });
    }

    @Test
    void brokerDisabledMeansRemoteMode() {
        runner().withPropertyValues("nats.broker.enabled=false", "nats.servers=" + remote.clientUrl())
                .run(context ->
                        assertThat(context).doesNotHaveBean(NatsBroker.class).hasSingleBean(Connection.class));
    }

    @Test
    void embeddedModeWinsOverServers() {
        runner().withPropertyValues("nats.mode=embedded", "nats.servers=nats://127.0.0.1:1")
                .run(context -> assertThat(context)
                        .hasSingleBean(NatsBroker.class)
                        .getBean(Connection.class)
                        .extracting(Connection::getStatus)
                        .isEqualTo(Connection.Status.CONNECTED));
    }

    @Test
    void remoteModeWithUnreachableServerFailsNamingTheProperty() throws Exception {
        int closed = NatsServerProcess.freePort();
        runner().withPropertyValues(
                        "nats.mode=remote", "nats.servers=nats://127.0.0.1:" + closed, "nats.connection-timeout=200ms")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isNotNull()
                        .satisfies(root -> assertThat(context.getStartupFailure())
                                .hasStackTraceContaining("nats.servers")
                                .hasStackTraceContaining("127.0.0.1:" + closed)));
    }

    @Test
    void retryOnInitialConnectWaitsForTheServer() throws Exception {
        int port = NatsServerProcess.freePort();
        Thread lateServer = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                return;
            }
            late.set(new NatsBroker(
                            BrokerOptions.builder().host("127.0.0.1").port(port).build())
                    .start());
        });
        lateServer.start();
        try {
            runner().withPropertyValues(
                            "nats.servers=nats://127.0.0.1:" + port,
                            "nats.retry-on-initial-connect=true",
                            "nats.connection-timeout=200ms",
                            "nats.reconnect-wait=100ms",
                            "nats.max-reconnects=100")
                    .run(context -> assertThat(context)
                            .hasNotFailed()
                            .getBean(Connection.class)
                            .extracting(Connection::getStatus)
                            .isEqualTo(Connection.Status.CONNECTED));
        } finally {
            lateServer.join();
            if (late.get() != null) {
                late.get().close();
            }
        }
    }

    private final AtomicReference<NatsBroker> late = new AtomicReference<>();

    @Test
    void portInUseFailsStartupNamingTheProperty() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            runner().withPropertyValues("nats.broker.port=" + taken.getLocalPort())
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure())
                                .hasRootCauseInstanceOf(java.net.BindException.class)
                                .hasStackTraceContaining("nats.broker.port")
                                .hasStackTraceContaining(Integer.toString(taken.getLocalPort()));
                        assertThat(findCause(context.getStartupFailure(), BrokerStartException.class))
                                .isNotNull();
                    });
        }
    }

    @Test
    void brokerUsersAndClientCredentials() {
        ApplicationContextRunner secured = runner().withPropertyValues(
                        "nats.broker.users[0].username=app",
                        "nats.broker.users[0].password=s3cret",
                        "nats.broker.users[0].publish-deny=secret.>");
        secured.withPropertyValues("nats.username=app", "nats.password=s3cret")
                .run(context -> assertThat(context.getBean(Connection.class).getStatus())
                        .isEqualTo(Connection.Status.CONNECTED));
        secured.withPropertyValues(
                        "nats.username=app",
                        "nats.password=wrong",
                        "nats.connection-timeout=500ms",
                        "nats.max-reconnects=0")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void brokerNkeyUserAndClientSeed() throws Exception {
        io.nats.client.NKey user = io.nats.client.NKey.createUser(null);
        ApplicationContextRunner secured = runner().withPropertyValues(
                        "nats.broker.users[0].nkey=" + new String(user.getPublicKey()),
                        "nats.broker.users[0].allow-responses=true",
                        "nats.broker.users[0].subscribe-allow=svc.>",
                        "nats.broker.users[1].username=guest",
                        "nats.broker.users[1].password=g",
                        "nats.broker.no-auth-user=guest");
        secured.withPropertyValues("nats.nkey-seed=" + new String(user.getSeed()))
                .run(context -> assertThat(context.getBean(Connection.class).getStatus())
                        .isEqualTo(Connection.Status.CONNECTED));
        // without credentials the application connects as the no_auth_user
        secured.run(context ->
                assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED));
    }

    @Test
    void brokerTokenAndClientToken() {
        runner().withPropertyValues("nats.broker.token=t0ken", "nats.token=t0ken")
                .run(context -> assertThat(context.getBean(Connection.class).getStatus())
                        .isEqualTo(Connection.Status.CONNECTED));
    }

    @Test
    void propertiesReachTheClientOptions() {
        runner().withPropertyValues(
                        "nats.connection-name=custom",
                        "nats.inbox-prefix=_APP_INBOX.",
                        "nats.max-reconnects=7",
                        "nats.reconnect-wait=3s",
                        "nats.ping-interval=45s",
                        "nats.reconnect-buffer-size=1MB",
                        "nats.connection-timeout=4s")
                .run(context -> {
                    Options options = context.getBean(Connection.class).getOptions();
                    assertThat(options.getConnectionName()).isEqualTo("custom");
                    assertThat(options.getInboxPrefix()).isEqualTo("_APP_INBOX.");
                    assertThat(options.getMaxReconnect()).isEqualTo(7);
                    assertThat(options.getReconnectWait()).hasSeconds(3);
                    assertThat(options.getPingInterval()).hasSeconds(45);
                    assertThat(options.getReconnectBufferSize()).isEqualTo(1024 * 1024);
                    assertThat(options.getConnectionTimeout()).hasSeconds(4);
                });
    }

    @Test
    void customizersAndConnectionListenersApply() {
        AtomicReference<String> events = new AtomicReference<>("");
        runner().withBean(NatsOptionsCustomizer.class, () -> b -> b.connectionName("customized"))
                .withBean(
                        io.nats.client.ConnectionListener.class,
                        () -> (conn, event) -> events.accumulateAndGet(event.name(), (a, b) -> a + b + " "))
                .run(context -> assertThat(
                                context.getBean(Connection.class).getOptions().getConnectionName())
                        .isEqualTo("customized"));
        assertThat(events.get()).contains("CONNECTED").contains("CLOSED");
    }

    @Test
    void userBeansWin() {
        runner().withUserConfiguration(OwnConnectionDetails.class).run(context -> {
            assertThat(context).doesNotHaveBean(NatsBroker.class);
            assertThat(context.getBean(Connection.class).getServerInfo().getServerName())
                    .isEqualTo("remote");
        });
        runner().withUserConfiguration(OwnConnection.class).run(context -> {
            assertThat(context).hasSingleBean(Connection.class).doesNotHaveBean(NatsBroker.class);
            assertThat(context.getBean(Connection.class).getServerInfo().getServerName())
                    .isEqualTo("remote");
        });
    }

    @Test
    void shutdownDrainsTheConnectionThenStopsTheBroker() {
        AtomicReference<Connection> connection = new AtomicReference<>();
        AtomicReference<NatsBroker> broker = new AtomicReference<>();
        runner().run(context -> {
            connection.set(context.getBean(Connection.class));
            broker.set(context.getBean(NatsBroker.class));
            assertThat(context.getBean(NatsConnectionLifecycle.class).isRunning())
                    .isTrue();
        });
        assertThat(connection.get().getStatus()).isEqualTo(Connection.Status.CLOSED);
        assertThat(broker.get().isRunning()).isFalse();
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConnectionDetails {
        @Bean
        NatsConnectionDetails natsConnectionDetails() {
            return () -> List.of(remote.clientUrl());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConnection {
        @Bean(destroyMethod = "close")
        Connection myConnection() throws Exception {
            return Nats.connect(remote.clientUrl());
        }
    }
}
