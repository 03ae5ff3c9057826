package io.natsspring.annotation.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;

/** Our embedded broker on a free loopback port: core NATS, or with JetStream in a temporary store directory. */
public final class EmbeddedTestBroker implements TestServer, AutoCloseable {

    private final NatsBroker broker;
    private final Path storeDir;

    private EmbeddedTestBroker(NatsBroker broker, Path storeDir) {
        this.broker = broker;
        this.storeDir = storeDir;
    }

    /** Core NATS only. */
    public static EmbeddedTestBroker start() {
        return new EmbeddedTestBroker(new NatsBroker(BrokerOptions.builder().host("127.0.0.1").port(0).build())
                .start(), null);
    }

    /** With JetStream, storing in a fresh temporary directory removed on {@link #close()}. */
    public static EmbeddedTestBroker startWithJetStream() {
        try {
            Path storeDir = Files.createTempDirectory("nats-spring-embedded-js-");
            NatsBroker broker = new NatsBroker(BrokerOptions.builder().host("127.0.0.1").port(0).jetStream(true)
                    .storeDir(storeDir).build()).start();
            return new EmbeddedTestBroker(broker, storeDir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public String url() {
        return broker.clientUrl();
    }

    @Override
    public boolean jetStream() {
        return storeDir != null;
    }

    @Override
    public void close() {
        broker.close();
        if (storeDir != null) {
            try (Stream<Path> files = Files.walk(storeDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    public String toString() {
        return jetStream() ? "embedded-jetstream" : "embedded";
    }
}
