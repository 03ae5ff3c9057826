package io.natsspring.broker.it;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One jnats client publishing asynchronously to the file stream {@code DRAIN} (created here), at most 2,000 PubAcks
 * outstanding, until the server goes; then {@link #acked()} is how many publishes were acknowledged. For the graceful
 * stop tests (embedded and the fault suite's separate process).
 */
/** One client publishing asynchronously to a file stream, at most 2,000 PubAcks outstanding. */
public final class AsyncPublishLoad {

    private final Connection connection;
    private final JetStream js;
    private final Semaphore window = new Semaphore(2_000);
    private final ConcurrentLinkedQueue<CompletableFuture<PublishAck>> futures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread = new Thread(this::publish, "graceful-stop-load");
    private volatile long published;
    private volatile long acked = -1;

    public AsyncPublishLoad(String url) throws Exception {
        connection = Nats.connect(new Options.Builder()
                .server(url)
                // not noReconnect(): jnats would close at once on the disconnect and cancel the futures of
                // PubAcks it read but had not dispatched yet
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
        // a generous API timeout: on a loaded machine the first request of a new broker can take seconds
        JetStreamManagement jsm = connection.jetStreamManagement(JetStreamOptions.builder()
                .requestTimeout(Duration.ofSeconds(20))
                .build());
        jsm.addStream(StreamConfiguration.builder()
                .name("DRAIN")
                .subjects("drain.>")
                .storageType(StorageType.File)
                .build());
        js = connection.jetStream();
    }

    public void start() {
        thread.setDaemon(true);
        thread.start();
    }

    private void publish() {
        byte[] payload = "x".repeat(64).getBytes(StandardCharsets.UTF_8);
        try {
            for (long i = 0; !stop.get(); i++) {
                if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    continue;
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

    public long acked() {
        long n = acked;
        return n >= 0
                ? n
                : futures.stream()
                        .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                        .count();
    }

    public long published() {
        return published;
    }

    /**
     * Waits until the client saw the server go: its reader has then handled every byte the server sent, so the
     * PubAcks counted from now on are all there are.
     */
    public void finish() throws Exception {
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
