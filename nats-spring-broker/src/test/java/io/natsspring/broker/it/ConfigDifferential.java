package io.natsspring.broker.it;

import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Our broker and, when it is installed, the reference nats-server, both started from the same configuration text
 * (each on a free port of 127.0.0.1): the set-up of a differential test whose servers are configured by a file.
 */
public final class ConfigDifferential {

    /** What a test observes on one server, given its client URL. */
    @FunctionalInterface
    public interface Observation<T> {
        T observe(String url) throws Exception;
    }

    private ConfigDifferential() {}

    /**
     * Starts both servers and returns their client URLs by name ({@code "broker"} first, then {@code "nats-server"}
     * when installed); each server is added to {@code stop}, which the caller closes.
     *
     * @param dir a folder of the test's own
     * @param config the configuration text for a server, given a store folder of that server's own
     */
    public static Map<String, String> start(Path dir, Function<Path, String> config, List<AutoCloseable> stop)
            throws Exception {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("broker", startBroker(dir, config, stop));
        if (ReferenceNatsServer.available()) {
            urls.put("nats-server", startReference(dir, config, stop));
        }
        return urls;
    }

    /**
     * Runs {@code observation} on our broker, then on nats-server when installed, each started from {@code config}
     * and both stopped at the end; returns the observations by server name ({@code "broker"},
     * {@code "nats-server"}).
     */
    public static <T> Map<String, T> observe(Path dir, Function<Path, String> config, Observation<T> observation)
            throws Exception {
        Map<String, T> seen = new LinkedHashMap<>();
        List<AutoCloseable> stop = new ArrayList<>();
        try {
            seen.put("broker", observation.observe(startBroker(dir, config, stop)));
            if (ReferenceNatsServer.available()) {
                seen.put("nats-server", observation.observe(startReference(dir, config, stop)));
            }
        } finally {
            for (AutoCloseable c : stop) {
                c.close();
            }
        }
        return seen;
    }

    private static String startBroker(Path dir, Function<Path, String> config, List<AutoCloseable> stop)
            throws Exception {
        Path file = Files.writeString(dir.resolve("ours.conf"), config.apply(dir.resolve("ours-js")));
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(file).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        stop.add(broker);
        return broker.clientUrl();
    }

    private static String startReference(Path dir, Function<Path, String> config, List<AutoCloseable> stop)
            throws Exception {
        Path file = Files.writeString(dir.resolve("ref.conf"), config.apply(dir.resolve("ref-js")));
        ReferenceNatsServer server = ReferenceNatsServer.start(dir.resolve("ref"), List.of("-c", file.toString()));
        stop.add(server);
        return server.url();
    }
}
