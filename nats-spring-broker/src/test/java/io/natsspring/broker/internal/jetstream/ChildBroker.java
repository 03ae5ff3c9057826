package io.natsspring.broker.internal.jetstream;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A broker with JetStream ({@link CrashBrokerMain}) in a child JVM on a store folder, for the crash tests: killed with
 * {@code destroyForcibly()} (SIGKILL) and started again on the same folder.
 */
public record ChildBroker(Process process, int port) {

    /**
     * Starts the child JVM on {@code storeDir} and waits until it prints its port; the child is killed at the latest
     * when this JVM exits.
     */
    public static ChildBroker start(Path storeDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashBrokerMain.class.getName(),
                        storeDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        // a test that fails before it kills its child must not leave the JVM running after the test JVM
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                return new ChildBroker(p, Integer.parseInt(line.substring(5).trim()));
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("child broker did not start");
    }

    /**
     * A jnats connection to a broker on {@code port} of 127.0.0.1, without reconnects; tried again for up to 30 s (a
     * child JVM just started, on a loaded machine, may greet its first client after jnats' timeout).
     */
    public static Connection connect(int port) {
        return await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(
                        () -> Nats.connect(new Options.Builder()
                                .server("nats://127.0.0.1:" + port)
                                .maxReconnects(0)
                                .connectionTimeout(Duration.ofSeconds(10))
                                .build()),
                        c -> c != null);
    }
}
