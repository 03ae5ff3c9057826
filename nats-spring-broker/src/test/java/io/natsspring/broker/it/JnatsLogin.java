package io.natsspring.broker.it;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A jnats login whose outcome is known as soon as the server answers. jnats notes an {@code -ERR} received during
 * its CONNECT but reports the refusal only when its connection timeout ends, so a test that waits for
 * {@code Nats.connect} to throw pays that timeout for every refusal; here the connect runs on a thread of its own and
 * the first {@code -ERR} its error listener records ends the wait (the attempt then fails by itself and a connection
 * it might still make is closed).
 */
public final class JnatsLogin {

    private static final Duration FLUSH = Duration.ofSeconds(3);

    private JnatsLogin() {}

    /**
     * Connects with {@code connect}, whose error listener adds to {@code errors}. Returns {@code "ok"} when the
     * connection is made and a flush is answered (the connection is then closed), the first {@code -ERR} text when
     * the server refused, or the class name of the failure when it failed without one.
     */
    public static String outcome(Callable<Connection> connect, List<String> errors, Duration atMost) {
        try (Connection c = connect(connect, errors, atMost)) {
            c.flush(FLUSH);
            return "ok";
        } catch (Exception e) {
            return errors.isEmpty() ? e.getClass().getSimpleName() : errors.get(0);
        }
    }

    /**
     * The connection {@code connect} makes; when the server answers its CONNECT with an {@code -ERR} (recorded in
     * {@code errors} by the connection's error listener) an {@link IOException} with that text is thrown at once.
     */
    public static Connection connect(Callable<Connection> connect, List<String> errors, Duration atMost)
            throws Exception {
        CompletableFuture<Connection> attempt = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        attempt.complete(connect.call());
                    } catch (Throwable e) {
                        attempt.completeExceptionally(e);
                    }
                },
                "jnats-login");
        t.setDaemon(true);
        t.start();
        await().atMost(atMost)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> attempt.isDone() || !errors.isEmpty());
        if (!attempt.isDone()) {
            attempt.whenComplete((c, e) -> closeQuietly(c));
            throw new IOException("refused: " + errors.get(0));
        }
        try {
            return attempt.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * A connection authenticated by the credentials file {@code creds} (no reconnects), whose error listener adds
     * every error the server sends to {@code errors}.
     */
    public static Connection withCreds(String url, Path creds, List<String> errors, Duration timeout) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .authHandler(Nats.credentials(creds.toString()))
                .connectionTimeout(timeout)
                .maxReconnects(0)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                })
                .build());
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
