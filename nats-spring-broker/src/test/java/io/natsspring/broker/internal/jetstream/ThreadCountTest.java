package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.natsspring.broker.internal.jetstream.base.WorkerPool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The number of JetStream threads does not depend on the number of streams: 500 streams with two consumers each
 * run on the bounded worker pool, and all of them still store and deliver.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ThreadCountTest extends JetStreamTestSupport {

    private static final int STREAMS = 500;

    /** Live threads by name, with digits folded ({@code js-worker-#}), counted. */
    private static Map<String, Integer> jetStreamThreads() {
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("js-")) {
                byName.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
        }
        return byName;
    }

    private static int total(Map<String, Integer> threads) {
        return threads.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void fiveHundredStreamsWithTwoConsumersEachRunOnABoundedPool() throws Exception {
        startAndConnect();
        for (int i = 0; i < STREAMS; i++) {
            String name = "T" + i;
            createStream(name, i % 5 == 0 ? StorageType.File : StorageType.Memory, "t." + i);
            for (String c : List.of("a", "b")) {
                jsm.addOrUpdateConsumer(
                        name,
                        ConsumerConfiguration.builder()
                                .durable(c)
                                .ackPolicy(AckPolicy.Explicit)
                                .build());
            }
        }
        for (int i = 0; i < STREAMS; i++) {
            js.publishAsync("t." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        nc.flush(Duration.ofSeconds(10));
        Map<String, Integer> threads = jetStreamThreads();
        System.out.printf("JetStream threads with %d streams and %d consumers: %s%n", STREAMS, 2 * STREAMS, threads);
        assertThat(threads.keySet()).noneMatch(n -> n.startsWith("js-stream-") || n.startsWith("js-consumers-"));
        assertThat(threads.getOrDefault(WorkerPool.THREAD_PREFIX + "#", 0)).isLessThanOrEqualTo(WorkerPool.size());
        assertThat(total(threads)).isLessThanOrEqualTo(WorkerPool.size() + 10);

        for (int i = 0; i < STREAMS; i++) {
            assertThat(jsm.getStreamInfo("T" + i).getStreamState().getMsgCount())
                    .as("stream T%d", i)
                    .isEqualTo(1);
        }
        for (int i = 0; i < STREAMS; i += 25) {
            for (String c : List.of("a", "b")) {
                JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("T" + i, c));
                List<Message> got = sub.fetch(1, Duration.ofSeconds(5));
                assertThat(got).as("T%d/%s", i, c).hasSize(1);
                assertThat(new String(got.get(0).getData(), StandardCharsets.UTF_8))
                        .isEqualTo("m" + i);
                got.get(0).ackSync(Duration.ofSeconds(5));
                sub.unsubscribe();
            }
        }
        assertThat(jsm.getConsumerInfo("T0", "a").getNumAckPending()).isZero();
        assertThat(jsm.getConsumerInfo("T0", "b").getNumPending()).isZero();
    }
}
