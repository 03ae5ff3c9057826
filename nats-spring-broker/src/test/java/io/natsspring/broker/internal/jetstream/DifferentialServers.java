package io.natsspring.broker.internal.jetstream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The two servers of a differential test: {@code nats-server} 2.15.1 ({@link ReferenceNatsServer}) and this broker,
 * both with JetStream on, stores under one directory, and a jnats connection to each. {@link #start(Path)} skips the
 * test (JUnit assumption) when the reference binary is not installed; {@link #close()} closes both connections and
 * stops both servers.
 */
public final class DifferentialServers implements AutoCloseable {

    private final ReferenceNatsServer server;
    private final Connection reference;
    private final NatsBroker broker;
    private final Connection ours;

    private DifferentialServers(ReferenceNatsServer server, Connection reference, NatsBroker broker, Connection ours) {
        this.server = server;
        this.reference = reference;
        this.broker = broker;
        this.ours = ours;
    }

    /** Starts both servers with their stores under {@code dir} ({@code reference/}, {@code broker/}). */
    public static DifferentialServers start(Path dir) throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        ReferenceNatsServer server = ReferenceNatsServer.start(dir.resolve("reference"));
        Connection reference = null;
        NatsBroker broker = null;
        try {
            reference = connect(server.url());
            broker = new NatsBroker(BrokerOptions.builder()
                            .host("127.0.0.1")
                            .port(0)
                            .jetStream(true)
                            .storeDir(dir.resolve("broker"))
                            .build())
                    .start();
            return new DifferentialServers(server, reference, broker, connect(broker.clientUrl()));
        } catch (Exception | Error e) {
            closeAll(reference, broker, server);
            throw e;
        }
    }

    /** A jnats connection that does not reconnect, 5 s connection timeout (the caller closes it). */
    public static Connection connect(String url) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }

    /** The connection to {@code nats-server}. */
    public Connection reference() {
        return reference;
    }

    /** The connection to this broker. */
    public Connection ours() {
        return ours;
    }

    /** Both connections, {@code nats-server}'s first. */
    public List<Connection> both() {
        return List.of(reference, ours);
    }

    /** The running {@code nats-server}. */
    public ReferenceNatsServer server() {
        return server;
    }

    /** The running broker. */
    public NatsBroker broker() {
        return broker;
    }

    @Override
    public void close() throws Exception {
        closeAll(ours, reference, broker, server);
    }

    private static void closeAll(AutoCloseable... closeables) throws Exception {
        Exception first = null;
        for (AutoCloseable c : closeables) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
