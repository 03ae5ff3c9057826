package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a broker JVM while jnats publishes; after a restart on the same directory every acked message is there. */
@Tag("child-jvm") // run alone, after the parallel forks (see the surefire configuration in pom.xml)
class JetStreamCrashTest {

    @TempDir
    Path storeDir;

    private ChildBroker startChild() throws Exception {
        return ChildBroker.start(storeDir);
    }

    private static Connection connect(int port) throws Exception {
        return ChildBroker.connect(port);
    }

    @Test
    void everyAckedMessageSurvivesAKill() throws Exception {
        ChildBroker first = startChild();
        ConcurrentSkipListSet<Long> acked = new ConcurrentSkipListSet<>();
        try (Connection nc = connect(first.port())) {
            nc.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name("CRASH")
                            .subjects("crash")
                            .storageType(StorageType.File)
                            .build());
            JetStream js = nc.jetStream();
            List<CompletableFuture<PublishAck>> inFlight = new CopyOnWriteArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int sent = 0;
            while (acked.size() < 3000 && System.nanoTime() < deadline) {
                byte[] payload = ("msg-" + sent++).getBytes(StandardCharsets.UTF_8);
                CompletableFuture<PublishAck> f = js.publishAsync("crash", payload);
                f.thenAccept(a -> acked.add(a.getSeqno()));
                inFlight.add(f);
                if (inFlight.size() >= 200) {
                    inFlight.get(0).get(5, TimeUnit.SECONDS);
                    inFlight.remove(0);
                }
            }
            for (int i = 0; i < 300; i++) {
                js.publishAsync("crash", ("tail-" + i).getBytes(StandardCharsets.UTF_8))
                        .thenAccept(a -> acked.add(a.getSeqno()));
            }
            first.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(3000);
        List<Long> ackedNow = List.copyOf(acked);

        ChildBroker second = startChild();
        try (Connection nc = connect(second.port())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            var state = jsm.getStreamInfo("CRASH").getStreamState();
            long maxAcked = ackedNow.get(ackedNow.size() - 1);
            assertThat(state.getLastSequence()).isGreaterThanOrEqualTo(maxAcked);
            assertThat(state.getMsgCount()).isGreaterThanOrEqualTo(ackedNow.size());
            assertThat(state.getFirstSequence()).isEqualTo(1);
            assertThat(new String(jsm.getMessage("CRASH", maxAcked).getData(), StandardCharsets.UTF_8))
                    .isNotEmpty();
            long next = nc.jetStream().publish("crash", new byte[0]).getSeqno();
            assertThat(next).isEqualTo(state.getLastSequence() + 1);
        } finally {
            second.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(new File(storeDir.toFile(), "streams/CRASH/stream.json")).exists();
    }
}
