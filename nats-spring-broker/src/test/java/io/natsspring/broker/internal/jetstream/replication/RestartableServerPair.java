package io.natsspring.broker.internal.jetstream.replication;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * nats-server 2.15.1 and this broker side by side for a differential JetStream test, each with its file store in a
 * folder of the test's own, both restartable on their stores; the connections made to them are closed with the pair.
 */
final class RestartableServerPair implements AutoCloseable {

    private final Path dir;
    private ReferenceNatsServer reference;
    private NatsBroker broker;
    private final List<Connection> connections = new ArrayList<>();

    RestartableServerPair(Path dir) {
        this.dir = dir;
    }

    /** Starts both servers (the test is skipped when nats-server is not installed); connections, reference first. */
    List<Connection> start() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        Path refDir = dir.resolve("reference");
        reference = ReferenceNatsServer.start(refDir, List.of("-js", "-sd", refDir.toString()));
        startBroker();
        return List.of(connect(reference.url()), connect(broker.clientUrl()));
    }

    /** Restarts both servers on their stores; the new connections, reference first. */
    List<Connection> restart() throws Exception {
        closeConnections();
        reference.restart();
        broker.close();
        startBroker();
        return List.of(connect(reference.url()), connect(broker.clientUrl()));
    }

    /** Which server {@code c} is connected to, for assertion messages. */
    String label(Connection c) {
        return reference != null
                        && c.getConnectedUrl() != null
                        && c.getConnectedUrl().endsWith(":" + reference.port())
                ? "nats-server 2.15.1"
                : "this broker";
    }

    @Override
    public void close() throws Exception {
        closeConnections();
        if (broker != null) {
            broker.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    private void startBroker() {
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(dir.resolve("broker"))
                        .build())
                .start();
    }

    private Connection connect(String url) throws Exception {
        Connection c = DifferentialServers.connect(url);
        connections.add(c);
        return c;
    }

    private void closeConnections() throws InterruptedException {
        for (Connection c : connections) {
            c.close();
        }
        connections.clear();
    }
}
