package io.natsspring.benchmarks.leaf;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hub (JetStream domain {@code hub}, a leaf-node port) and a leaf (domain {@code edge}, one remote to the hub,
 * reconnecting every 50 ms so a restarted hub is linked before it asks for its sources), each one of
 * {@link LeafServerProcess.Kind}.
 */
final class LeafPair implements AutoCloseable {

    static final String HUB_DOMAIN = "hub";
    static final String LEAF_DOMAIN = "edge";

    private final String label;
    private final LeafServerProcess hub;
    private final LeafServerProcess leaf;

    private LeafPair(String label, LeafServerProcess hub, LeafServerProcess leaf) {
        this.label = label;
        this.hub = hub;
        this.leaf = leaf;
    }

    /** Starts the hub, then the leaf, under {@code dir} (emptied first). */
    static LeafPair start(LeafServerProcess.Kind hubKind, LeafServerProcess.Kind leafKind, String natsServer, Path dir)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int hubPort = freePort();
        int leafNodePort = freePort();
        int leafPort = freePort();
        Path hubConf = dir.resolve("hub.conf");
        Files.writeString(
                hubConf,
                "port: " + hubPort + "\nhost: 127.0.0.1\nserver_name: hub\n"
                        + "jetstream { store_dir: \"" + dir.resolve("hub-store") + "\", domain: " + HUB_DOMAIN
                        + " }\n"
                        + "leafnodes { host: 127.0.0.1, port: " + leafNodePort + " }\n");
        Path leafConf = dir.resolve("leaf.conf");
        Files.writeString(
                leafConf,
                "port: " + leafPort + "\nhost: 127.0.0.1\nserver_name: leaf\n"
                        + "jetstream { store_dir: \"" + dir.resolve("leaf-store") + "\", domain: " + LEAF_DOMAIN
                        + " }\n"
                        + "leafnodes { reconnect: \"50ms\", remotes: [ { url: \"nats-leaf://127.0.0.1:"
                        + leafNodePort + "\" } ] }\n");
        LeafServerProcess hub = LeafServerProcess.start(hubKind, natsServer, hubConf, hubPort, dir.resolve("hub.log"));
        try {
            LeafServerProcess leaf =
                    LeafServerProcess.start(leafKind, natsServer, leafConf, leafPort, dir.resolve("leaf.log"));
            return new LeafPair(hubKind.label + " hub / " + leafKind.label + " leaf", hub, leaf);
        } catch (IOException | RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    String label() {
        return label;
    }

    LeafServerProcess hub() {
        return hub;
    }

    LeafServerProcess leaf() {
        return leaf;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            leaf.close();
        } finally {
            hub.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
