package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.internal.jetstream.account.StoreLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deleted file stream's directory leaves the streams directory before the API answers (a stream created again
 * under that name starts empty; a restart never brings it back) and its files are removed in the background; what
 * a stop left behind in {@code deleted.tmp} is removed at the next start.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamDeleteFilesTest extends JetStreamTestSupport {

    private Path streams() {
        return storeDir.resolve(StoreLayout.STREAMS_DIR);
    }

    private Path deleted() {
        return storeDir.resolve(StoreLayout.DELETED_DIR);
    }

    private static long entries(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        }
    }

    private void fill(String name, String subject, int n) throws Exception {
        createStream(name, StorageType.File, subject);
        jsm.addOrUpdateConsumer(
                name,
                ConsumerConfiguration.builder()
                        .durable("d")
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
        for (int i = 0; i < n; i++) {
            js.publish(subject, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDeletedStreamLeavesAtOnceAndItsFilesGoInTheBackground() throws Exception {
        startAndConnect();
        fill("D", "d.x", 100);
        assertThat(streams().resolve("D")).isDirectory();

        assertThat(jsm.deleteStream("D")).isTrue();
        assertThat(streams().resolve("D")).doesNotExist();
        await().atMost(Duration.ofSeconds(10)).until(() -> entries(deleted()) == 0);

        // created again under the same name: empty, with no consumer from before
        createStream("D", StorageType.File, "d.x");
        assertThat(jsm.getStreamInfo("D").getStreamState().getMsgCount()).isZero();
        assertThat(jsm.getConsumerNames("D")).isEmpty();
    }

    @Test
    void manyDeletesInARowAllComplete() throws Exception {
        startAndConnect();
        for (int i = 0; i < 40; i++) {
            fill("M" + i, "m." + i, 5);
        }
        for (int i = 0; i < 40; i++) {
            jsm.deleteStream("M" + i);
        }
        assertThat(jsm.getStreamNames()).isEmpty();
        assertThat(entries(streams())).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> entries(deleted()) == 0);
    }

    @Test
    void leftoversOfDeletedStreamsAreRemovedAtStartAndNeverRestored() throws Exception {
        startAndConnect();
        fill("KEEP", "k.x", 3);
        fill("GONE", "g.x", 3);
        closeAll();

        // as if the broker stopped before the background removal: a stream directory waiting in deleted.tmp
        Path leftover = deleted().resolve("123-1");
        Files.createDirectories(deleted());
        Files.move(streams().resolve("GONE"), leftover);

        startAndConnect(BrokerOptions.builder());
        assertThat(jsm.getStreamNames()).containsExactly("KEEP");
        assertThat(jsm.getStreamInfo("KEEP").getStreamState().getMsgCount()).isEqualTo(3);
        assertThat(leftover).doesNotExist();
    }
}
