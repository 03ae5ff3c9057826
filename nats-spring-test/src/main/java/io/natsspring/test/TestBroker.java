package io.natsspring.test;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An embedded broker started for tests on a free {@code 127.0.0.1} port, with JetStream in a temporary store
 * directory when asked. {@link #close()} stops the broker and deletes the store. {@link EmbeddedNatsBroker} uses it;
 * tests that manage the lifetime themselves can too:
 *
 * <pre>{@code
 * try (TestBroker broker = TestBroker.start(true)) {
 *     Connection nc = Nats.connect(broker.url());
 * }
 * }</pre>
 */
public final class TestBroker implements AutoCloseable {

    private final NatsBroker broker;
    private final Path storeDir;

    private TestBroker(NatsBroker broker, Path storeDir) {
        this.broker = broker;
        this.storeDir = storeDir;
    }

    /** Starts a broker, with JetStream or core NATS only. */
    public static TestBroker start(boolean jetStream) {
        return start(jetStream, "");
    }

    /** Starts a broker as the annotation asks. */
    public static TestBroker start(EmbeddedNatsBroker settings) {
        return start(settings.jetStream(), settings.serverName());
    }

    /** Starts a broker; an empty server name keeps the broker's default. */
    public static TestBroker start(boolean jetStream, String serverName) {
        BrokerOptions.Builder options =
                BrokerOptions.builder().host("127.0.0.1").port(0);
        Path storeDir = null;
        if (jetStream) {
            try {
                storeDir = Files.createTempDirectory("nats-spring-test-store-");
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create a JetStream store directory for the test broker", e);
            }
            options.jetStream(true).storeDir(storeDir);
        }
        if (!serverName.isEmpty()) {
            options.serverName(serverName);
        }
        return new TestBroker(new NatsBroker(options.build()).start(), storeDir);
    }

    /** The running broker. */
    public NatsBroker broker() {
        return broker;
    }

    /** {@code nats://127.0.0.1:<port>}. */
    public String url() {
        return broker.clientUrl();
    }

    /** The client port. */
    public int port() {
        return broker.port();
    }

    /** Whether JetStream is enabled. */
    public boolean jetStream() {
        return storeDir != null;
    }

    /** Stops the broker and deletes its store directory. */
    @Override
    public void close() {
        broker.close();
        if (storeDir != null) {
            try (Stream<Path> paths = Files.walk(storeDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort: a temporary directory
            }
        }
    }

    @Override
    public String toString() {
        return (jetStream() ? "embedded broker with JetStream at " : "embedded broker at ") + url();
    }
}
