package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** jnats ordered consumers (push and simplified pull) over a large stream: no gap, no duplicate. */
class OrderedConsumerTest extends JetStreamTestSupport {

    private static final int COUNT = 100_000;

    private void fill(int count) throws Exception {
        createStream("O", StorageType.File, "o.>");
        byte[] payload = new byte[64];
        int inFlight = 0;
        CompletableFuture<?>[] window = new CompletableFuture<?>[1000];
        for (int i = 1; i <= count; i++) {
            ByteBuffer.wrap(payload).putInt(i);
            window[inFlight++] = js.publishAsync("o." + (i % 10), payload.clone());
            if (inFlight == window.length) {
                CompletableFuture.allOf(window).join();
                inFlight = 0;
            }
        }
        CompletableFuture.allOf(java.util.Arrays.copyOf(window, inFlight)).join();
        assertThat(jsm.getStreamInfo("O").getStreamState().getMsgCount()).isEqualTo(count);
    }

    @Test
    void pushOrderedConsumerOver100kMessages() throws Exception {
        startAndConnect();
        fill(COUNT);
        JetStreamSubscription sub =
                js.subscribe("o.>", PushSubscribeOptions.builder().ordered(true).build());
        for (int i = 1; i <= COUNT; i++) {
            Message m = sub.nextMessage(Duration.ofSeconds(5));
            assertThat(m).as("message " + i).isNotNull();
            int got = ByteBuffer.wrap(m.getData()).getInt();
            if (got != i) {
                assertThat(got).as("payload at position " + i).isEqualTo(i);
            }
        }
        assertThat(sub.nextMessage(Duration.ofMillis(200))).isNull();
    }

    @Test
    void simplifiedOrderedConsumerIterates() throws Exception {
        startAndConnect();
        fill(5_000);
        OrderedConsumerContext occ =
                nc.getStreamContext("O").createOrderedConsumer(new OrderedConsumerConfiguration().filterSubject("o.3"));
        try (IterableConsumer it = occ.iterate()) {
            for (int i = 3; i <= 5_000; i += 10) {
                Message m = it.nextMessage(Duration.ofSeconds(2));
                assertThat(m).as("message " + i).isNotNull();
                assertThat(ByteBuffer.wrap(m.getData()).getInt()).isEqualTo(i);
            }
        }
    }
}
