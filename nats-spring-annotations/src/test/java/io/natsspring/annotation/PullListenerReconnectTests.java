package io.natsspring.annotation;

import static io.natsspring.annotation.testsupport.JetStreamFixtures.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.annotation.testsupport.ListenerContexts;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.test.server.NatsServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Issue 16, point 5: a pull listener consumes again right after the server comes back (jnats alone waits for its
 * missed-heartbeat alarm, about 40 s), and says it is not consuming meanwhile. The server is restarted on the same
 * port with the same store: the embedded broker, and the newest nats-server ({@link NatsServerProcess}).
 */
class PullListenerReconnectTests {

    private static final Duration RECONNECT_WAIT = Duration.ofMillis(250);

    @TempDir
    Path store;

    /** A server that can be stopped and started again on the same port and store. */
    private interface RestartableServer extends AutoCloseable {

        String url();

        void start() throws Exception;

        void stop() throws Exception;

        @Override
        default void close() throws Exception {
            stop();
        }
    }

    @Component
    static class Survivor {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @JetStreamConsumer(stream = "RECONNECT", durable = "survivor")
        void handle(String payload) {
            seen.add(payload);
        }
    }

    @Test
    void embeddedBrokerRestart() throws Exception {
        int port = NatsServerProcess.freePort();
        try (RestartableServer server = new RestartableServer() {
            private NatsBroker broker;

            @Override
            public String url() {
                return "nats://127.0.0.1:" + port;
            }

            @Override
            public void start() {
                broker = new NatsBroker(BrokerOptions.builder()
                                .host("127.0.0.1")
                                .port(port)
                                .jetStream(true)
                                .storeDir(store)
                                .build())
                        .start();
            }

            @Override
            public void stop() {
                if (broker != null) {
                    broker.close();
                    broker = null;
                }
            }
        }) {
            resumesRightAfterTheServerIsBack(server);
        }
    }

    @Test
    void natsServerRestart() throws Exception {
        try (NatsServerProcess process = NatsServerProcess.startWithJetStream();
                RestartableServer server = new RestartableServer() {
                    private boolean first = true;

                    @Override
                    public String url() {
                        return process.url();
                    }

                    @Override
                    public void start() {
                        if (!first) {
                            process.restart(); // same port, same store
                        }
                        first = false;
                    }

                    @Override
                    public void stop() {
                        process.stop();
                    }
                }) {
            resumesRightAfterTheServerIsBack(server);
        }
    }

    private void resumesRightAfterTheServerIsBack(RestartableServer server) throws Exception {
        server.start();
        try (Connection admin = ListenerContexts.connect(server.url())) {
            admin.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name("RECONNECT")
                            .subjects("reconnect.>")
                            .storageType(StorageType.File)
                            .build());
        }
        try (AnnotationConfigApplicationContext context = startWithReconnectingConnection(server.url())) {
            Survivor listener = context.getBean(Survivor.class);
            NatsListenerContainer container =
                    context.getBean(NatsListenerEndpointRegistry.class).getListenerContainer("Survivor.handle");
            try (Connection admin = ListenerContexts.connect(server.url())) {
                publish(admin, "reconnect.orders", "before");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.seen.contains("before"));
            assertThat(container.isConsuming()).isTrue();

            server.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> !container.isConsuming());
            assertThat(container.isRunning()).isTrue();

            server.start();
            long back = System.nanoTime();
            try (Connection admin = ListenerContexts.connect(server.url())) {
                publish(admin, "reconnect.orders", "after");
            }
            // jnats reconnects within RECONNECT_WAIT; the listener must pull right away, not after ~40 s
            await().atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> listener.seen.contains("after"));
            long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            assertThat(resumedMillis)
                    .as("ms from the server being back to the message being handled")
                    .isLessThan(3000);
            assertThat(container.isConsuming()).isTrue();
        }
    }

    private static AnnotationConfigApplicationContext startWithReconnectingConnection(String url) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(
                "natsConnection",
                Connection.class,
                () -> connect(url),
                definition -> definition.setDestroyMethodName("close"));
        context.register(ListenerContexts.Enable.class, Survivor.class);
        context.refresh();
        return context;
    }

    private static Connection connect(String url) {
        try {
            return Nats.connect(new Options.Builder()
                    .server(url)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .reconnectWait(RECONNECT_WAIT)
                    .maxReconnects(-1)
                    .errorListener(new io.nats.client.ErrorListener() {})
                    .build());
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
