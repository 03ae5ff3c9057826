package io.natsspring.sample.saga.cluster;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.ConsumerInfo;
import io.natsspring.test.server.NatsServerProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Temporary: three routed nats-servers with JetStream, until the shared {@code NatsServerCluster} of
 * {@code nats-spring-test} replaces it.
 */
final class ThreeNodeCluster implements AutoCloseable {

    private final List<NatsServerProcess> nodes = new ArrayList<>();

    ThreeNodeCluster() {
        try {
            List<Integer> routePorts =
                    List.of(NatsServerProcess.freePort(), NatsServerProcess.freePort(), NatsServerProcess.freePort());
            String routes =
                    routePorts.stream().map(p -> "nats://127.0.0.1:" + p).collect(Collectors.joining(","));
            for (int port : routePorts) {
                nodes.add(NatsServerProcess.start(
                        NatsServerProcess.binary(),
                        true,
                        List.of(
                                "--cluster_name",
                                "saga-test",
                                "--cluster",
                                "nats://127.0.0.1:" + port,
                                "--routes",
                                routes)));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("Could not start the cluster", e);
        }
        awaitMetaLeader();
    }

    String urls() {
        return nodes.stream().map(NatsServerProcess::url).collect(Collectors.joining(","));
    }

    private void awaitMetaLeader() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    try (Connection nc = connect()) {
                        return nc.jetStreamManagement().getAccountStatistics() != null;
                    }
                });
    }

    Connection connect() throws IOException, InterruptedException {
        return Nats.connect(Options.builder()
                .servers(urls().split(","))
                .connectionTimeout(Duration.ofSeconds(3))
                .maxReconnects(-1)
                .build());
    }

    /** A connection to {@code node} only. */
    Connection connect(NatsServerProcess node) throws IOException, InterruptedException {
        return Nats.connect(Options.builder()
                .server(node.url())
                .noRandomize()
                .connectionTimeout(Duration.ofSeconds(3))
                .build());
    }

    /** The nodes other than {@code node}. */
    List<NatsServerProcess> others(NatsServerProcess node) {
        return nodes.stream().filter(n -> n != node).toList();
    }

    /** The name of the server leading {@code stream}, if it has a leader (asked with a short timeout). */
    Optional<String> leaderOf(Connection nc, String stream) {
        try {
            ClusterInfo cluster = management(nc).getStreamInfo(stream).getClusterInfo();
            return Optional.ofNullable(cluster == null ? null : cluster.getLeader());
        } catch (IOException | JetStreamApiException e) {
            return Optional.empty();
        }
    }

    /** The durable consumers of {@code stream} whose leader is the server named {@code leader}. */
    List<String> consumersLedBy(Connection nc, String stream, String leader) throws IOException, JetStreamApiException {
        return management(nc).getConsumers(stream).stream()
                .filter(c -> c.getClusterInfo() != null
                        && leader.equals(c.getClusterInfo().getLeader()))
                .map(ConsumerInfo::getName)
                .toList();
    }

    private static JetStreamManagement management(Connection nc) throws IOException {
        return nc.jetStreamManagement(JetStreamOptions.builder()
                .requestTimeout(Duration.ofMillis(500))
                .build());
    }

    /** The node whose server name is {@code name} ({@code NatsServerProcess} names it after its client port). */
    NatsServerProcess node(String name) {
        return nodes.stream()
                .filter(n -> name.equals("test-server-" + n.port()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No node named " + name));
    }

    /** Kills the node with SIGKILL, as a crash would. */
    void kill(NatsServerProcess node) {
        ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.isRunning());
    }

    @Override
    public void close() {
        nodes.forEach(NatsServerProcess::close);
    }
}
