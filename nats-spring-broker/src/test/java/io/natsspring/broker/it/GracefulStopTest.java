package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, defect 4: a graceful stop ({@link NatsBroker#close()}) under an asynchronous JetStream publish load
 * acknowledges everything it stored. The broker used to close the connections before the stream writers' PubAcks
 * went out (stored but never acknowledged: a client retrying without a message id then stores it twice).
 */
class GracefulStopTest {

    @TempDir
    Path dir;

    @Test
    void everyStoredMessageIsAcknowledgedWhenTheBrokerClosesUnderPublishLoad() throws Exception {
        int rounds = 3;
        long totalAcked = 0;
        long totalStored = 0;
        for (int round = 0; round < rounds; round++) {
            Path store = dir.resolve("round-" + round);
            BrokerOptions options = BrokerOptions.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .jetStream(true)
                    .storeDir(store)
                    .build();
            Load load;
            try (NatsBroker broker = new NatsBroker(options).start()) {
                load = new Load(broker.clientUrl());
                load.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acked() >= 3_000);
                broker.close();
                load.finish();
            }
            long stored;
            try (NatsBroker again = new NatsBroker(options).start();
                    Connection c = Nats.connect(again.clientUrl())) {
                stored = c.jetStreamManagement()
                        .getStreamInfo("DRAIN")
                        .getStreamState()
                        .getMsgCount();
            }
            System.out.printf(
                    "graceful stop round %d: %d published, %d acknowledged, %d stored, %d stored but unacknowledged%n",
                    round, load.published(), load.acked(), stored, stored - load.acked());
            assertThat(stored).as("round %d: stored but unacknowledged", round).isEqualTo(load.acked());
            totalAcked += load.acked();
            totalStored += stored;
        }
        System.out.printf("graceful stop: %d rounds, %d acknowledged, %d stored%n", rounds, totalAcked, totalStored);
    }

    /** One client publishing asynchronously to a file stream, at most 2,000 PubAcks outstanding. */
    private static final class Load {

        private final Connection connection;
        private final JetStream js;
        private final Semaphore window = new Semaphore(2_000);
        private final ConcurrentLinkedQueue<CompletableFuture<PublishAck>> futures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread = new Thread(this::publish, "graceful-stop-load");
        private volatile long published;
        private volatile long acked = -1;

        Load(String url) throws Exception {
            connection = Nats.connect(new Options.Builder()
                    .server(url)
                    // not noReconnect(): jnats would close at once on the disconnect and cancel the futures of
                    // PubAcks it read but had not dispatched yet
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(500))
                    .connectionTimeout(Duration.ofSeconds(5))
                    .build());
            JetStreamManagement jsm = connection.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("DRAIN")
                    .subjects("drain.>")
                    .storageType(StorageType.File)
                    .build());
            js = connection.jetStream();
        }

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        private void publish() {
            byte[] payload = "x".repeat(64).getBytes(StandardCharsets.UTF_8);
            try {
                for (long i = 0; !stop.get(); i++) {
                    if (!window.tryAcquire(5, TimeUnit.SECONDS)) {
                        return;
                    }
                    CompletableFuture<PublishAck> f = js.publishAsync("drain." + (i % 16), payload);
                    futures.add(f);
                    f.whenComplete((a, e) -> window.release());
                    published = i + 1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the connection closed under the publisher: the load ends
            }
        }

        long acked() {
            long n = acked;
            return n >= 0
                    ? n
                    : futures.stream()
                            .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                            .count();
        }

        long published() {
            return published;
        }

        /**
         * Waits until the client saw the server go: its reader has then handled every byte the server sent, so the
         * PubAcks counted from now on are all there are.
         */
        void finish() throws Exception {
            await().atMost(Duration.ofSeconds(20)).until(() -> connection.getStatus() != Connection.Status.CONNECTED);
            stop.set(true);
            thread.join(TimeUnit.SECONDS.toMillis(10));
            // jnats completes the futures on its own dispatcher thread, behind the reader: wait until that is idle
            long[] last = {-1};
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        long n = acked();
                        boolean settled = n == last[0];
                        last[0] = n;
                        return settled;
                    });
            acked = last[0];
            connection.close();
        }
    }
}
