package io.natsspring.benchmarks.leaf;

import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.External;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.Source;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Catch-up after an outage: a hub stream sources a leaf stream through {@code $JS.edge.API}; the hub is stopped,
 * {@code count} messages are published into the leaf's stream, the hub is started again, and the time from the
 * hub accepting connections until its stream holds every message is measured. Then the hub's stream is read back
 * in full: every message once, in publish order, or the run fails.
 */
final class CatchUp {

    /** One run: hub restart (process start to INFO), catch-up time, leaf publish rate. */
    record Result(double hubStartSeconds, double catchUpSeconds, double leafPublishPerSecond) {}

    private static final int WARM_UP = 10;
    private static final int WINDOW = 2_000;
    private static final int PAYLOAD = 128;

    private CatchUp() {}

    static Result measure(LeafPair pair, int count, String name) throws Exception {
        String leafStream = "EDGE_" + name;
        String hubStream = "CENTRAL_" + name;
        String subject = "edge." + name;
        int total = WARM_UP + count;
        try (Connection leaf = LinkThroughput.connect(pair.leaf());
                Connection hub = LinkThroughput.connect(pair.hub())) {
            leaf.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name(leafStream)
                            .subjects(subject)
                            .storageType(StorageType.File)
                            .build());
            hub.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name(hubStream)
                            .storageType(StorageType.File)
                            .sources(Source.builder()
                                    .name(leafStream)
                                    .external(External.builder()
                                            .api("$JS." + LeafPair.LEAF_DOMAIN + ".API")
                                            .build())
                                    .build())
                            .build());
            JetStream js = leaf.jetStream();
            publish(js, subject, 0, WARM_UP);
            awaitMessages(hub, hubStream, WARM_UP, Duration.ofSeconds(90));

            pair.hub().stop();
            long pubStart = System.nanoTime();
            publish(js, subject, WARM_UP, count);
            double pubSeconds = (System.nanoTime() - pubStart) / 1e9;
            long startAt = System.nanoTime();
            pair.hub().startAgain();
            long up = System.nanoTime();
            awaitMessages(hub, hubStream, total, Duration.ofSeconds(240));
            long done = System.nanoTime();
            verify(hub, hubStream, total);
            hub.jetStreamManagement().deleteStream(hubStream);
            leaf.jetStreamManagement().deleteStream(leafStream);
            return new Result((up - startAt) / 1e9, (done - up) / 1e9, count / pubSeconds);
        }
    }

    /** Publishes {@code n} messages numbered from {@code first}, at most {@link #WINDOW} acks outstanding. */
    private static void publish(JetStream js, String subject, long first, int n) throws Exception {
        ArrayDeque<CompletableFuture<PublishAck>> pending = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            byte[] payload = new byte[PAYLOAD];
            ByteBuffer.wrap(payload).putLong(first + i);
            pending.add(js.publishAsync(subject, payload));
            if (pending.size() >= WINDOW) {
                pending.poll().get(30, TimeUnit.SECONDS);
            }
        }
        while (!pending.isEmpty()) {
            pending.poll().get(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitMessages(Connection c, String stream, long n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            try {
                StreamInfo si = c.jetStreamManagement().getStreamInfo(stream);
                last = si.getStreamState().getMsgCount();
                if (last >= n) {
                    return;
                }
            } catch (Exception e) {
                // the hub is still starting or the client reconnecting
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(stream + " holds " + last + " of " + n + " messages after " + timeout);
    }

    /** Every message once, in order: payload numbers 0, 1, 2, … and exactly {@code total} of them. */
    private static void verify(Connection hub, String stream, long total) throws Exception {
        JetStreamManagement jsm = hub.jetStreamManagement();
        StreamInfo si = jsm.getStreamInfo(stream);
        if (si.getStreamState().getMsgCount() != total || si.getStreamState().getLastSequence() != total) {
            throw new IllegalStateException(stream + ": " + si.getStreamState().getMsgCount() + " messages, last "
                    + "sequence " + si.getStreamState().getLastSequence() + ", expected " + total + " (duplicates?)");
        }
        OrderedConsumerContext occ =
                hub.getStreamContext(stream).createOrderedConsumer(new OrderedConsumerConfiguration());
        try (IterableConsumer it = occ.iterate()) {
            for (long expected = 0; expected < total; expected++) {
                Message m = it.nextMessage(Duration.ofSeconds(10));
                if (m == null) {
                    throw new IllegalStateException(stream + ": read stopped at " + expected + " of " + total);
                }
                long got = ByteBuffer.wrap(m.getData()).getLong();
                if (got != expected) {
                    throw new IllegalStateException(
                            stream + ": message " + expected + " carries number " + got + " (order or gap)");
                }
            }
        }
    }
}
