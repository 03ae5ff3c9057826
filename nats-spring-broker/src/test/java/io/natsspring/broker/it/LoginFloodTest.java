package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.nats.client.Connection;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.UserConfig;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A login flood (issue 19, item 2): many unauthenticated connections sending wrong passwords for a bcrypt user.
 * The checks run on a bounded pool, so the number of threads does not follow the number of clients, a client
 * already connected keeps being served, every flood client gets nats-server's error, and the pool goes idle.
 * Latency is measured in the benchmarks, not asserted here.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LoginFloodTest extends BrokerTestSupport {

    private static final int FLOOD = 300;
    private static final String AUTH_THREAD = "nats-broker-auth";
    private static final int POOL_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Test
    void floodOfWrongBcryptPasswordsIsCheckedOnABoundedPool() throws Exception {
        String hash = BCrypt.withDefaults().hashToString(8, "right".toCharArray());
        NatsBroker broker = startBroker(
                BrokerOptions.builder().addUser(new UserConfig("flood", hash)).authTimeout(Duration.ofMinutes(2)));
        Connection connected = connect(options(broker).userInfo("flood", "right"));
        int baseline = threads.getThreadCount();

        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicInteger peakAuthThreads = new AtomicInteger();
        AtomicInteger peakThreads = new AtomicInteger();
        Thread sampler = new Thread(
                () -> {
                    while (sampling.get()) {
                        peakAuthThreads.accumulateAndGet(authThreads().size(), Math::max);
                        peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "login-flood-sampler");
        sampler.setDaemon(true);
        sampler.start();

        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                Socket s = new Socket("127.0.0.1", broker.port());
                s.setSoTimeout((int) Duration.ofMinutes(2).toMillis());
                flood.add(s);
                readLine(s); // INFO
                OutputStream out = s.getOutputStream();
                out.write(("CONNECT {\"verbose\":false,\"user\":\"flood\",\"pass\":\"wrong" + i + "\"}\r\nPING\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            // the connected client is still served while the checks run (no bound on how fast: no timing here)
            connected.flush(Duration.ofMinutes(1));

            for (Socket s : flood) {
                assertThat(readLine(s)).isEqualTo("-ERR 'Authorization Violation'");
            }
        } finally {
            sampling.set(false);
            sampler.join();
            for (Socket s : flood) {
                s.close();
            }
        }

        assertThat(peakAuthThreads.get()).isBetween(1, POOL_THREADS);
        assertThat(peakThreads.get() - baseline)
                .as("threads do not follow the number of clients")
                .isLessThan(FLOOD / 3);
        connected.flush(Duration.ofMinutes(1));
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(authThreads())
                        .allSatisfy(t -> assertThat(t.getThreadState()).isNotEqualTo(Thread.State.RUNNABLE)));
    }

    /** One protocol line, read byte by byte so that nothing after it is consumed. */
    private static String readLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("closed after \"" + b + "\"");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private List<ThreadInfo> authThreads() {
        List<ThreadInfo> r = new ArrayList<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(AUTH_THREAD)) {
                r.add(t);
            }
        }
        return r;
    }
}
