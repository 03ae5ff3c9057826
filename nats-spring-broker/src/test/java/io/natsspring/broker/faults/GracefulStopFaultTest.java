package io.natsspring.broker.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.natsspring.broker.it.AsyncPublishLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, graceful stop: the standalone broker under an asynchronous JetStream publish load is stopped with SIGTERM
 * (a graceful stop) or SIGUSR2 (lame-duck mode), alternately; every message it stored was acknowledged (stored but
 * unacknowledged = 0), and the process exits within the lame-duck window (30 s, grace period 1 s). Prints the drain
 * counts of every round.
 */
@Timeout(150)
class GracefulStopFaultTest {

    private static final int ROUNDS = 4;
    private static final Duration LAME_DUCK_WINDOW = Duration.ofSeconds(30);

    @Test
    void everyStoredMessageIsAcknowledgedAndTheProcessExitsInTime(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"1s\"\n");
        long acked = 0;
        long stored = 0;
        long published = 0;
        long started = System.nanoTime();
        int round = 0;
        for (; round < ROUNDS; round++) {
            if (round >= 2 && System.nanoTime() - started > TimeUnit.SECONDS.toNanos(40)) {
                break; // a slow machine: fewer rounds, the suite stays bounded
            }
            String signal = round % 2 == 0 ? "TERM" : "USR2";
            try (BrokerProcess broker =
                    BrokerProcess.start(dir.resolve("round-" + round), List.of(), List.of("-c", conf.toString()))) {
                AsyncPublishLoad load = new AsyncPublishLoad(broker.url());
                load.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acked() >= 2_000);
                long t0 = System.nanoTime();
                new ProcessBuilder("kill", "-" + signal, Long.toString(broker.pid()))
                        .start()
                        .waitFor();
                boolean exited = broker.process().waitFor(LAME_DUCK_WINDOW.toSeconds(), TimeUnit.SECONDS);
                long exitMillis = (System.nanoTime() - t0) / 1_000_000;
                load.finish();
                assertThat(exited)
                        .as(
                                "round %d: exit within the lame-duck window after SIG%s, see %s",
                                round, signal, broker.log())
                        .isTrue();
                broker.restart();
                long inStore;
                try (Connection c = broker.connect()) {
                    inStore = c.jetStreamManagement()
                            .getStreamInfo("DRAIN")
                            .getStreamState()
                            .getMsgCount();
                }
                String drained = Files.readAllLines(broker.log()).stream()
                        .filter(l -> l.contains("Server stopped"))
                        .findFirst()
                        .orElse("");
                System.out.printf(
                        "graceful stop fault round %d (SIG%s): %d published, %d acknowledged, %d stored,"
                                + " %d stored but unacknowledged, exit after %d ms; broker: %s%n",
                        round,
                        signal,
                        load.published(),
                        load.acked(),
                        inStore,
                        inStore - load.acked(),
                        exitMillis,
                        drained.trim());
                assertThat(inStore)
                        .as("round %d (SIG%s): stored but unacknowledged", round, signal)
                        .isEqualTo(load.acked());
                acked += load.acked();
                stored += inStore;
                published += load.published();
                assertThat(broker.terminate(Duration.ofSeconds(20))).isNotEqualTo(-1);
            }
        }
        System.out.printf(
                "graceful stop fault: %d rounds, %d published, %d acknowledged, %d stored, %d stored but unacknowledged%n",
                round, published, acked, stored, stored - acked);
    }
}
