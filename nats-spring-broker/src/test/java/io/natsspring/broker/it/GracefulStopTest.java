package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.nio.file.Path;
import java.time.Duration;
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
            AsyncPublishLoad load;
            try (NatsBroker broker = new NatsBroker(options).start()) {
                load = new AsyncPublishLoad(broker.clientUrl());
                load.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acked() >= 3_000);
                broker.close();
                load.finish();
            }
            long stored;
            try (NatsBroker again = new NatsBroker(options).start();
                    Connection c = Nats.connect(new Options.Builder()
                            .server(again.clientUrl())
                            .connectionTimeout(Duration.ofSeconds(10))
                            .build())) {
                stored = c.jetStreamManagement(JetStreamOptions.builder()
                                .requestTimeout(Duration.ofSeconds(20))
                                .build())
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
}
