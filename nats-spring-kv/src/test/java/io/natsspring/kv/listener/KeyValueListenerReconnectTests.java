package io.natsspring.kv.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.kv.listener.config.KeyValueListenerConfiguration;
import io.natsspring.test.server.NatsServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * A {@link KeyValueListener} goes on after its server restarts (same port, same file store): the embedded broker
 * and the newest nats-server. Changes written after the restart arrive, and nothing already handled comes again.
 */
@Timeout(120)
class KeyValueListenerReconnectTests {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path store;

    /** A server that can be stopped and started again on the same port and store. */
    private interface RestartableServer extends AutoCloseable {

        String url();

        void restart() throws Exception;
    }

    static class Watching {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @KeyValueListener(id = "watching", bucket = "durable")
        void onChange(String value, @Key String key) {
            seen.add(key + "=" + value);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(KeyValueListenerConfiguration.class)
    static class Infrastructure {

        @Bean(destroyMethod = "close")
        Connection natsConnection(Environment environment) throws Exception {
            return Nats.connect(options(environment.getRequiredProperty("test.url")));
        }

        @Bean
        Watching watching() {
            return new Watching();
        }
    }

    static Options options(String url) {
        return Options.builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(10))
                .reconnectWait(Duration.ofMillis(250))
                .maxReconnects(-1)
                .build();
    }

    @Test
    void embeddedBrokerRestart() throws Exception {
        int port = NatsServerProcess.freePort();
        try (RestartableServer server = new RestartableServer() {
            private NatsBroker broker = start();

            private NatsBroker start() {
                return new NatsBroker(BrokerOptions.builder()
                                .host("127.0.0.1")
                                .port(port)
                                .jetStream(true)
                                .storeDir(store)
                                .build())
                        .start();
            }

            @Override
            public String url() {
                return "nats://127.0.0.1:" + port;
            }

            @Override
            public void restart() {
                broker.close();
                broker = start();
            }

            @Override
            public void close() {
                broker.close();
            }
        }) {
            survivesTheRestart(server);
        }
    }

    @Test
    void natsServerRestart() throws Exception {
        try (NatsServerProcess process = NatsServerProcess.startWithJetStream();
                RestartableServer server = new RestartableServer() {
                    @Override
                    public String url() {
                        return process.url();
                    }

                    @Override
                    public void restart() {
                        process.restart();
                    }

                    @Override
                    public void close() {}
                }) {
            survivesTheRestart(server);
        }
    }

    private void survivesTheRestart(RestartableServer server) throws Exception {
        try (Connection writer = Nats.connect(options(server.url()))) {
            writer.keyValueManagement()
                    .create(KeyValueConfiguration.builder()
                            .name("durable")
                            .storageType(StorageType.File)
                            .build());
            writer.keyValue("durable").put("before", "1".getBytes(StandardCharsets.UTF_8));
            try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
                context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("test", Map.of("test.url", server.url())));
                context.register(Infrastructure.class);
                context.refresh();
                Watching listener = context.getBean(Watching.class);
                await().atMost(WAIT).until(() -> listener.seen.size() == 1);

                server.restart();
                await().atMost(WAIT).until(() -> writer.getStatus() == Connection.Status.CONNECTED);
                NatsListenerContainer container =
                        context.getBean(NatsListenerEndpointRegistry.class).getListenerContainer("watching");
                await().atMost(WAIT).until(container::isConsuming);
                await().atMost(WAIT).ignoreExceptions().until(() -> {
                    writer.keyValue("durable").put("after", "2".getBytes(StandardCharsets.UTF_8));
                    return true;
                });
                await().atMost(WAIT).until(() -> listener.seen.contains("after=2"));
                assertThat(listener.seen).containsExactly("before=1", "after=2");
            }
        }
    }
}
