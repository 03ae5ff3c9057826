package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlowConsumerTest extends BrokerTestSupport {

    /**
     * Messages per round. The broker may still count the previous round as pending for a moment after the
     * client got it (its bookkeeping runs after the socket write), so two rounds must fit in max_pending.
     */
    private static final int ROUND = 2;

    @Test
    void subscriberThatNeverReadsIsCutOffWhileOthersGetEverything() throws Exception {
        NatsBroker broker = startBroker(BrokerOptions.builder().maxPending(64 * 1024));
        // a small receive buffer keeps the kernel from absorbing megabytes on the stalled side
        RawClient stalled = new RawClient(broker.port(), 4096);
        try (stalled) {
            stalled.handshake("{\"verbose\":false}");
            stalled.send("SUB slow.x 1\r\nPING\r\n").expect("PONG");

            Connection healthy = connect(broker);
            AtomicInteger received = new AtomicInteger();
            Semaphore arrivals = new Semaphore(0);
            healthy.createDispatcher(m -> {
                        received.incrementAndGet();
                        arrivals.release();
                    })
                    .subscribe("slow.x");
            healthy.flush(WAIT);
            Connection pub = connect(broker);
            assertThat(broker.connectionCount()).isEqualTo(3);

            byte[] payload = new byte[8 * 1024];
            int sent = 0;
            long sentBytes = 0;
            // rounds of 16 KiB, each delivered to the healthy subscriber before the next, so only the
            // stalled socket can exceed max_pending
            while (broker.connectionCount() == 3) {
                assertThat(sentBytes).as("stalled subscriber never cut off").isLessThan(64L * 1024 * 1024);
                publishRound(pub, payload, arrivals);
                sent += ROUND;
                sentBytes += (long) ROUND * payload.length;
            }
            System.out.println("stalled subscriber cut off after " + sentBytes + " bytes");
            await().atMost(WAIT).until(() -> broker.connectionCount() == 2);
            // the healthy subscriber keeps receiving after the cut
            publishRound(pub, payload, arrivals);
            publishRound(pub, payload, arrivals);
            healthy.flush(WAIT);
            assertThat(received).hasValue(sent + 2 * ROUND);
            assertThat(healthy.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        }
    }

    private static void publishRound(Connection pub, byte[] payload, Semaphore arrivals) throws Exception {
        for (int i = 0; i < ROUND; i++) {
            pub.publish("slow.x", payload);
        }
        assertThat(arrivals.tryAcquire(ROUND, 3, TimeUnit.SECONDS))
                .as("healthy subscriber got the round")
                .isTrue();
    }
}
