package io.natsspring.annotation.testsupport;

import io.natsspring.test.server.NatsServerProcess;
import java.util.stream.Stream;

/**
 * Servers shared by all tests of the JVM, started on first use and stopped at exit: the embedded broker (core, and
 * a second one with JetStream) and a real {@code nats-server} with JetStream. Use {@link #coreServers()} as a {@code @MethodSource} to run a test on both.
 */
public final class TestServers {

    private static EmbeddedTestBroker embedded;
    private static EmbeddedTestBroker embeddedJetStream;
    private static TestServer natsServer;
    private static TestServer oldestNatsServer;

    private TestServers() {}

    public static synchronized EmbeddedTestBroker embedded() {
        if (embedded == null) {
            embedded = EmbeddedTestBroker.start();
            EmbeddedTestBroker started = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return embedded;
    }

    /** The shared embedded broker with JetStream (a separate instance from {@link #embedded()}). */
    public static synchronized EmbeddedTestBroker embeddedJetStream() {
        if (embeddedJetStream == null) {
            embeddedJetStream = EmbeddedTestBroker.startWithJetStream();
            EmbeddedTestBroker started = embeddedJetStream;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return embeddedJetStream;
    }

    /**
     * The shared nats-server with JetStream (the newest binary installed, see nats-spring-test's
     * {@link NatsServerProcess}, which also stops it at JVM exit); skips the test (fails on CI) when the binary is
     * missing.
     */
    public static synchronized TestServer natsServer() {
        if (natsServer == null) {
            natsServer = serverOf(NatsServerProcess.startWithJetStream(), "nats-server");
        }
        return natsServer;
    }

    /**
     * The shared oldest installed nats-server with JetStream (Debian's 2.9.10 in CI): the remote-mode matrix's second
     * column; skips the test (fails on CI) when the binary is missing.
     */
    public static synchronized TestServer oldestNatsServer() {
        if (oldestNatsServer == null) {
            oldestNatsServer =
                    serverOf(NatsServerProcess.start(NatsServerProcess.oldestBinary(), true), "oldest nats-server");
        }
        return oldestNatsServer;
    }

    private static TestServer serverOf(NatsServerProcess process, String name) {
        return new TestServer() {
            @Override
            public String url() {
                return process.url();
            }

            @Override
            public boolean jetStream() {
                return true;
            }

            @Override
            public String toString() {
                return name + " " + process.url();
            }
        };
    }

    /** Arguments for core NATS tests: the embedded broker, the newest and the oldest nats-server (started lazily). */
    public static Stream<ServerChoice> coreServers() {
        return Stream.of(ServerChoice.EMBEDDED, ServerChoice.NATS_SERVER, ServerChoice.OLDEST_NATS_SERVER);
    }

    /** A lazily started server, so that a missing nats-server skips only its own invocations. */
    public enum ServerChoice {
        EMBEDDED,
        NATS_SERVER,
        OLDEST_NATS_SERVER;

        public TestServer server() {
            return switch (this) {
                case EMBEDDED -> embedded();
                case NATS_SERVER -> natsServer();
                case OLDEST_NATS_SERVER -> oldestNatsServer();
            };
        }
    }
}
