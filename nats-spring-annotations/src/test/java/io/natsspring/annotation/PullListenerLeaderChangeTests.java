package io.natsspring.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.annotation.testsupport.ListenerContexts;
import io.natsspring.test.server.NatsClusterNode;
import io.natsspring.test.server.NatsServerCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Issue 17: a pull listener on a 3-node cluster keeps consuming when the node leading its consumer is killed, and
 * its own connection (to another node) stays up. The pull requests waiting at the dead leader are lost; the listener
 * pulls from the new leader as soon as the server announces it, not when jnats's heartbeat alarm fires (45 s or
 * more with the default pull expiry).
 */
class PullListenerLeaderChangeTests {

    @Component
    static class Follower {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @JetStreamConsumer(stream = "LEADERS", durable = "follower")
        void handle(String payload) {
            seen.add(payload);
        }
    }

    @Test
    void pullsFromTheNewConsumerLeaderAfterTheOldOneIsKilled() throws Exception {
        try (NatsServerCluster cluster = NatsServerCluster.start(3)) {
            NatsClusterNode leader;
            try (Connection admin = cluster.connect()) {
                admin.jetStreamManagement()
                        .addStream(StreamConfiguration.builder()
                                .name("LEADERS")
                                .subjects("leaders.>")
                                .storageType(StorageType.File)
                                .replicas(3)
                                .build());
                admin.jetStreamManagement()
                        .addOrUpdateConsumer(
                                "LEADERS",
                                ConsumerConfiguration.builder()
                                        .durable("follower")
                                        .ackPolicy(AckPolicy.Explicit)
                                        .maxDeliver(5)
                                        .build());
                leader = cluster.awaitConsumerLeader("LEADERS", "follower", Duration.ofSeconds(20));
            }
            NatsClusterNode listenerNode = cluster.nodes().stream()
                    .filter(n -> n != leader)
                    .findFirst()
                    .orElseThrow();
            try (AnnotationConfigApplicationContext context = start(listenerNode.url());
                    Connection admin = cluster.connect()) {
                Follower follower = context.getBean(Follower.class);
                admin.jetStream().publish("leaders.a", "before".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(10)).until(() -> follower.seen.contains("before"));

                leader.kill();
                long killed = System.nanoTime();
                cluster.awaitConsumerLeader("LEADERS", "follower", Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(20))
                        .ignoreExceptions()
                        .until(() -> admin.jetStream().publish("leaders.a", "after".getBytes(StandardCharsets.UTF_8))
                                != null);
                await().atMost(Duration.ofSeconds(25))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> follower.seen.contains("after"));
                System.out.printf(
                        "PullListenerLeaderChangeTests: consumer leader %s killed; message handled %d ms later%n",
                        leader.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
                assertThat(context.getBean(NatsListenerEndpointRegistry.class)
                                .getListenerContainer("Follower.handle")
                                .isConsuming())
                        .isTrue();
            }
        }
    }

    private static AnnotationConfigApplicationContext start(String url) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(
                "natsConnection",
                Connection.class,
                () -> connect(url),
                definition -> definition.setDestroyMethodName("close"));
        context.register(ListenerContexts.Enable.class, Follower.class);
        context.refresh();
        return context;
    }

    private static Connection connect(String url) {
        try {
            return Nats.connect(new Options.Builder()
                    .server(url)
                    .noRandomize()
                    .ignoreDiscoveredServers()
                    .connectionTimeout(Duration.ofSeconds(5))
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
