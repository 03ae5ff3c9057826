package io.natsspring.test.server;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A cluster of real {@code nats-server} processes (the newest installed, or a given binary) on this machine's
 * loopback, for tests of what clients see on a replicated JetStream: every node has its client, route and
 * monitoring ports on free {@code 127.0.0.1} ports and its JetStream store in a temporary directory; the nodes share
 * a cluster name and route to each other. {@link #start(int)} returns once the nodes agree on a JetStream meta
 * leader.
 *
 * <p>Nodes can be killed ({@code kill -9}), stopped and restarted on the same ports and store; the cluster finds the
 * meta leader, a stream's or consumer's leader (from the nodes' monitoring endpoint {@code /jsz}) and makes a stream
 * leader step down. {@link #close()} stops every node by its PID and deletes the stores; a JVM shutdown hook stops
 * the nodes a test never closed.
 *
 * <p>There is no skipping: without an installed {@code nats-server} binary, starting fails with a message saying
 * how to install one ({@code .ci/install-nats-servers.sh} does in CI).
 *
 * <pre>{@code
 * try (NatsServerCluster cluster = NatsServerCluster.start(3);
 *      Connection nc = cluster.connect()) {
 *     nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("S").replicas(3).build());
 *     cluster.awaitStreamLeader("S", Duration.ofSeconds(10)).kill();
 * }
 * }</pre>
 */
public final class NatsServerCluster implements AutoCloseable {

    /** How long {@link #start(int)} waits for a meta leader. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(100);

    private final String name;
    private final Path binary;
    private final List<NatsClusterNode> nodes;
    private final JszClient jsz = new JszClient();

    private NatsServerCluster(String name, Path binary, List<NatsClusterNode> nodes) {
        this.name = name;
        this.binary = binary;
        this.nodes = List.copyOf(nodes);
    }

    /** Starts {@code nodes} nodes of the newest installed {@code nats-server} and waits for a meta leader. */
    public static NatsServerCluster start(int nodes) {
        return builder().nodes(nodes).start();
    }

    /** A builder for a cluster with other settings (binary, cluster name, server tags, timeout). */
    public static Builder builder() {
        return new Builder();
    }

    /** The binary to run: the newest installed one; fails (never skips) when none is installed. */
    public static Path binary() {
        return NatsServerBinary.find()
                .orElseThrow(() -> new IllegalStateException("NatsServerCluster needs the nats-server binary, none"
                        + " found ($" + NatsServerBinary.ENV + ", /opt/nats/*/usr/sbin, PATH, /usr/sbin): install it"
                        + " (.ci/install-nats-servers.sh, or the Debian package 'nats-server') or set "
                        + NatsServerBinary.ENV));
    }

    /** The cluster name ({@code cluster.name}). */
    public String name() {
        return name;
    }

    /** The binary the nodes run. */
    public Path binaryPath() {
        return binary;
    }

    /** All nodes, running or not, in start order. */
    public List<NatsClusterNode> nodes() {
        return nodes;
    }

    /** The node at {@code index} (from 0). */
    public NatsClusterNode node(int index) {
        return nodes.get(index);
    }

    /** The node with that server name. */
    public NatsClusterNode node(String serverName) {
        return nodes.stream()
                .filter(n -> n.name().equals(serverName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No node named " + serverName + " in " + nodes));
    }

    /** The client URLs of all nodes. */
    public List<String> urls() {
        return nodes.stream().map(NatsClusterNode::url).toList();
    }

    /** The client URLs joined by commas: the value for {@code nats.servers}. */
    public String servers() {
        return String.join(",", urls());
    }

    /** A jnats connection that knows every node (and reconnects to another one when its node goes away). */
    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(Options.builder()
                .servers(urls().toArray(String[]::new))
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .build());
    }

    /** The meta leader all running nodes agree on, if any. */
    public Optional<NatsClusterNode> metaLeader() {
        Set<String> seen = new LinkedHashSet<>();
        for (NatsClusterNode node : running()) {
            seen.add(jsz.metaLeader(node).orElse(""));
        }
        if (seen.size() != 1 || seen.contains("")) {
            return Optional.empty();
        }
        return running().stream().filter(n -> seen.contains(n.name())).findFirst();
    }

    /** Waits until the running nodes agree on a running meta leader and returns it. */
    public NatsClusterNode awaitMetaLeader(Duration timeout) {
        return await(timeout, "a JetStream meta leader all running nodes agree on", this::metaLeader, this::metaViews);
    }

    /**
     * Waits until every running node has joined the cluster: they agree on a meta leader, which sees all of them
     * as current peers. Use it after {@link NatsClusterNode#restart()}.
     */
    public NatsClusterNode awaitReady(Duration timeout) {
        return await(
                timeout,
                "every running node joined and current with the meta leader",
                () -> metaLeader().filter(this::seesAllRunningCurrent),
                this::metaViews);
    }

    private boolean seesAllRunningCurrent(NatsClusterNode leader) {
        return jsz.jsz(leader, false)
                .map(j -> {
                    Set<String> current = new LinkedHashSet<>();
                    j.path("meta_cluster").path("replicas").forEach(r -> {
                        if (r.path("current").asBoolean(false)) {
                            current.add(r.path("name").asString(""));
                        }
                    });
                    return running().stream().filter(n -> n != leader).allMatch(n -> current.contains(n.name()));
                })
                .orElse(false);
    }

    /** The running node that leads the stream (the node that reports itself as its leader), if any. */
    public Optional<NatsClusterNode> streamLeader(String stream) {
        return running().stream()
                .filter(n ->
                        jsz.streamLeader(n, stream).filter(n.name()::equals).isPresent())
                .findFirst();
    }

    /** Waits for a leader of the stream and returns it. */
    public NatsClusterNode awaitStreamLeader(String stream, Duration timeout) {
        return await(timeout, "a leader of stream " + stream, () -> streamLeader(stream), () -> streamViews(stream));
    }

    /** Waits for a leader of the stream other than {@code previous} (e.g. after killing it) and returns it. */
    public NatsClusterNode awaitNewStreamLeader(String stream, NatsClusterNode previous, Duration timeout) {
        return await(
                timeout,
                "a leader of stream " + stream + " other than " + previous.name(),
                () -> streamLeader(stream).filter(n -> n != previous),
                () -> streamViews(stream));
    }

    /** The running node that leads the consumer, if any. */
    public Optional<NatsClusterNode> consumerLeader(String stream, String consumer) {
        return running().stream()
                .filter(n -> jsz.consumerLeader(n, stream, consumer)
                        .filter(n.name()::equals)
                        .isPresent())
                .findFirst();
    }

    /** Waits for a leader of the consumer and returns it. */
    public NatsClusterNode awaitConsumerLeader(String stream, String consumer, Duration timeout) {
        return await(
                timeout,
                "a leader of consumer " + stream + " > " + consumer,
                () -> consumerLeader(stream, consumer),
                () -> streamViews(stream));
    }

    /**
     * Asks the stream's leader to step down ({@code $JS.API.STREAM.LEADER.STEPDOWN.<stream>}) and waits for
     * another node to lead it.
     */
    public NatsClusterNode stepDownStream(String stream, Duration timeout) {
        NatsClusterNode previous = awaitStreamLeader(stream, timeout);
        try (Connection nc = connect()) {
            Message reply = nc.request("$JS.API.STREAM.LEADER.STEPDOWN." + stream, new byte[0], timeout);
            String body = reply == null ? "(no reply)" : new String(reply.getData(), StandardCharsets.UTF_8);
            if (reply == null || body.contains("\"error\"")) {
                throw new IllegalStateException("Stream " + stream + " leader step-down refused: " + body);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not connect to " + this, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        return awaitNewStreamLeader(stream, previous, timeout);
    }

    private List<NatsClusterNode> running() {
        return nodes.stream().filter(NatsClusterNode::isRunning).toList();
    }

    private String metaViews() {
        return nodes.stream()
                .map(n -> n.name()
                        + (n.isRunning()
                                ? " sees meta leader " + jsz.metaLeader(n).orElse("(none)")
                                : " down"))
                .collect(Collectors.joining("; "));
    }

    private String streamViews(String stream) {
        return nodes.stream()
                .map(n -> n.name()
                        + (n.isRunning()
                                ? " sees leader " + jsz.streamLeader(n, stream).orElse("(none)")
                                : " down"))
                .collect(Collectors.joining("; "));
    }

    private static <T> T await(Duration timeout, String what, Supplier<Optional<T>> probe, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No " + what + " within " + timeout + ": " + state.get());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    /** Stops every node by its PID and deletes their stores. */
    @Override
    public void close() {
        for (NatsClusterNode node : nodes) {
            node.close();
        }
    }

    @Override
    public String toString() {
        return "nats-server cluster " + name + " " + nodes;
    }

    /** Settings of a {@link NatsServerCluster} to start. */
    public static final class Builder {

        private int nodes = 3;
        private Path binary;
        private String name = "nats-spring-test";
        private final Map<Integer, List<String>> tags = new HashMap<>();
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;

        private Builder() {}

        /** The number of nodes (default 3). */
        public Builder nodes(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("A cluster needs at least one node, got " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** The {@code nats-server} binary (default: the newest installed). */
        public Builder binary(Path binary) {
            this.binary = binary;
            return this;
        }

        /** The cluster name (default {@code nats-spring-test}). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The {@code server_tags} of the node at {@code index}, for placement by tags. */
        public Builder tags(int index, String... serverTags) {
            this.tags.put(index, List.of(serverTags));
            return this;
        }

        /** How long to wait for the meta leader (default 30 s). */
        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /** Starts the nodes and waits until every one has joined and they agree on a meta leader. */
        public NatsServerCluster start() {
            Path executable = binary != null ? binary : NatsServerCluster.binary();
            List<Integer> ports = freePorts(3 * nodes);
            String routes = java.util.stream.IntStream.range(0, nodes)
                    .mapToObj(i -> "\"nats://127.0.0.1:" + ports.get(3 * i + 1) + "\"")
                    .collect(Collectors.joining(", "));
            List<NatsClusterNode> started = new ArrayList<>();
            try {
                for (int i = 0; i < nodes; i++) {
                    started.add(startNode(
                            executable, i, ports.get(3 * i), ports.get(3 * i + 1), ports.get(3 * i + 2), routes));
                }
                NatsServerCluster cluster = new NatsServerCluster(name, executable, started);
                cluster.awaitReady(readyTimeout);
                return cluster;
            } catch (RuntimeException e) {
                String logs = started.stream()
                        .map(n -> "--- " + n.name() + " ---\n" + tail(n.logText()))
                        .collect(Collectors.joining("\n"));
                started.forEach(NatsClusterNode::close);
                throw new IllegalStateException(
                        "Could not start a " + nodes + "-node cluster of " + executable + ": " + e.getMessage() + "\n"
                                + logs,
                        e);
            }
        }

        private NatsClusterNode startNode(
                Path executable, int index, int port, int clusterPort, int monitorPort, String routes) {
            String serverName = name + "-n" + (index + 1);
            List<String> serverTags = tags.getOrDefault(index, List.of());
            try {
                Path dir = Files.createTempDirectory("nats-cluster-" + serverName + "-");
                String config = "server_name: \"" + serverName + "\"\n"
                        + "host: \"127.0.0.1\"\n"
                        + "port: " + port + "\n"
                        + "http: \"127.0.0.1:" + monitorPort + "\"\n"
                        + (serverTags.isEmpty()
                                ? ""
                                : "server_tags: ["
                                        + serverTags.stream()
                                                .map(t -> "\"" + t + "\"")
                                                .collect(Collectors.joining(", "))
                                        + "]\n")
                        + "jetstream {\n  store_dir: \"" + dir.resolve("store") + "\"\n}\n"
                        + "cluster {\n"
                        + "  name: \"" + name + "\"\n"
                        + "  listen: \"127.0.0.1:" + clusterPort + "\"\n"
                        + "  routes: [" + routes + "]\n"
                        + "}\n";
                Path file = dir.resolve("node.conf");
                Files.writeString(file, config);
                NatsServerProcess process = NatsServerProcess.startCommand(
                        executable, List.of(executable.toString(), "-c", file.toString()), port, dir);
                return new NatsClusterNode(index, serverName, clusterPort, monitorPort, serverTags, process);
            } catch (IOException e) {
                throw new IllegalStateException("Could not prepare node " + serverName, e);
            }
        }

        private static List<Integer> freePorts(int count) {
            Set<Integer> ports = new LinkedHashSet<>();
            try {
                while (ports.size() < count) {
                    ports.add(NatsServerProcess.freePort());
                }
            } catch (IOException e) {
                throw new IllegalStateException("No free port", e);
            }
            return new ArrayList<>(ports);
        }

        private static String tail(String log) {
            return log.length() > 2000 ? "…" + log.substring(log.length() - 2000) : log;
        }
    }
}
