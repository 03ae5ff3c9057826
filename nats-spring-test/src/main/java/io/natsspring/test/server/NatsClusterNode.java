package io.natsspring.test.server;

import java.util.List;

/**
 * One node of a {@link NatsServerCluster}: a {@code nats-server} process with its own client, route and monitoring
 * ports and its own JetStream store. {@link #kill()}, {@link #stop()} and {@link #restart()} keep the ports and the
 * store, so a restarted node rejoins the cluster as the same peer.
 */
public final class NatsClusterNode {

    private final int index;
    private final String name;
    private final int clusterPort;
    private final int monitorPort;
    private final List<String> tags;
    private final NatsServerProcess process;

    NatsClusterNode(
            int index, String name, int clusterPort, int monitorPort, List<String> tags, NatsServerProcess process) {
        this.index = index;
        this.name = name;
        this.clusterPort = clusterPort;
        this.monitorPort = monitorPort;
        this.tags = List.copyOf(tags);
        this.process = process;
    }

    /** The node's position in the cluster, from 0. */
    public int index() {
        return index;
    }

    /** The server name ({@code server_name}), as JetStream reports leaders and replicas. */
    public String name() {
        return name;
    }

    /** {@code nats://127.0.0.1:<client port>}. */
    public String url() {
        return process.url();
    }

    /** The client port. */
    public int port() {
        return process.port();
    }

    /** The route (cluster) port. */
    public int clusterPort() {
        return clusterPort;
    }

    /** The HTTP monitoring port ({@code /varz}, {@code /jsz}, {@code /healthz}). */
    public int monitorPort() {
        return monitorPort;
    }

    /** {@code http://127.0.0.1:<monitor port>}. */
    public String monitorUrl() {
        return "http://127.0.0.1:" + monitorPort;
    }

    /** The node's {@code server_tags} (used by stream placement). */
    public List<String> tags() {
        return tags;
    }

    /** The process id of the running process. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process runs. */
    public boolean isRunning() {
        return process.isRunning();
    }

    /** {@code kill -9}: the node disappears without a clean shutdown; ports and store are kept. */
    public void kill() {
        process.kill();
    }

    /** A clean stop (SIGTERM, SIGKILL after 10 s); ports and store are kept. */
    public void stop() {
        process.stop();
    }

    /**
     * Starts the node again on the same ports with the same store and waits until it accepts clients; use
     * {@link NatsServerCluster#awaitReady(java.time.Duration)} to wait until it has rejoined the cluster.
     */
    public void restart() {
        process.restart();
    }

    /** The node's log so far. */
    public String logText() {
        return process.logText();
    }

    void close() {
        process.close();
    }

    @Override
    public String toString() {
        return name + " (" + url() + (isRunning() ? "" : ", down") + ")";
    }
}
