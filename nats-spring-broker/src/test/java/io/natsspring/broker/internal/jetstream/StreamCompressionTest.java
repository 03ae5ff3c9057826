package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.JetStreamManagement;
import io.nats.client.api.CompressionOption;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamState;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code compression: s2} through jnats: the file store keeps sealed blocks compressed, clients see the same
 * stream info and messages as for an uncompressed stream, before and after a restart, and after the compression
 * is switched off by an update (old blocks stay compressed, new ones are plain).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamCompressionTest extends JetStreamTestSupport {

    private static final int COUNT = 10_000;

    private static byte[] payload(int i) {
        String line =
                "{\"event\":" + i + ",\"kind\":\"order-shipped\",\"region\":\"eu-west\",\"note\":\"left at door\"}";
        return (line + " ").repeat(13).getBytes(StandardCharsets.UTF_8);
    }

    private StreamConfiguration config(String name, CompressionOption compression) {
        return StreamConfiguration.builder()
                .name(name)
                .subjects(name.toLowerCase() + ".>")
                .storageType(StorageType.File)
                .compressionOption(compression)
                .build();
    }

    private void fill(String name, int from, int to) throws Exception {
        CompletableFuture<?> last = null;
        for (int i = from; i <= to; i++) {
            last = js.publishAsync(name.toLowerCase() + ".e", payload(i));
            if (i % 1000 == 0) {
                last.get(30, TimeUnit.SECONDS);
            }
        }
        if (last != null) {
            last.get(30, TimeUnit.SECONDS);
        }
    }

    private long onDisk(String stream) throws IOException {
        try (Stream<Path> files = Files.walk(storeDir)) {
            return files.filter(p -> p.toString().contains("/" + stream + "/")
                            && p.getFileName().toString().endsWith(".blk"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }

    private static void assertSameState(StreamState a, StreamState b) {
        assertThat(a.getMsgCount()).isEqualTo(b.getMsgCount());
        assertThat(a.getByteCount()).isEqualTo(b.getByteCount());
        assertThat(a.getFirstSequence()).isEqualTo(b.getFirstSequence());
        assertThat(a.getLastSequence()).isEqualTo(b.getLastSequence());
    }

    private static void assertMessages(JetStreamManagement m, String stream, int to) throws Exception {
        for (int i = 1; i <= to; i += 397) {
            MessageInfo info = m.getMessage(stream, i);
            assertThat(info.getData()).as("seq %d", i).isEqualTo(payload(i));
        }
        assertThat(m.getMessage(stream, to).getData()).isEqualTo(payload(to));
    }

    @Test
    void compressedStreamLooksTheSameToClientsAndSurvivesRestart() throws Exception {
        startAndConnect();
        jsm.addStream(config("Z", CompressionOption.S2));
        jsm.addStream(config("P", CompressionOption.None));
        fill("Z", 1, COUNT);
        fill("P", 1, COUNT);
        assertThat(jsm.getStreamInfo("Z").getConfiguration().getCompressionOption())
                .isEqualTo(CompressionOption.S2);
        assertSameState(
                jsm.getStreamInfo("Z").getStreamState(), jsm.getStreamInfo("P").getStreamState());
        long plain = onDisk("P");
        long compressed = onDisk("Z");
        System.out.printf(
                "compression figure (jnats, %d messages of %d bytes): %d bytes on disk plain, %d with s2%n",
                COUNT, payload(1).length, plain, compressed);
        assertThat(compressed).isLessThan(plain);

        broker.close();
        broker = startBroker(BrokerOptions.builder());
        nc = connect(broker);
        jsm = nc.jetStreamManagement();
        js = nc.jetStream();
        assertSameState(
                jsm.getStreamInfo("Z").getStreamState(), jsm.getStreamInfo("P").getStreamState());
        assertMessages(jsm, "Z", COUNT);

        jsm.updateStream(config("Z", CompressionOption.None));
        jsm.updateStream(config("P", CompressionOption.S2));
        fill("Z", COUNT + 1, 2 * COUNT);
        fill("P", COUNT + 1, 2 * COUNT);
        assertSameState(
                jsm.getStreamInfo("Z").getStreamState(), jsm.getStreamInfo("P").getStreamState());

        broker.close();
        NatsBroker again = startBroker(BrokerOptions.builder());
        JetStreamManagement m = connect(again).jetStreamManagement();
        assertThat(m.getStreamInfo("Z").getConfiguration().getCompressionOption())
                .isEqualTo(CompressionOption.None);
        assertSameState(
                m.getStreamInfo("Z").getStreamState(), m.getStreamInfo("P").getStreamState());
        assertMessages(m, "Z", 2 * COUNT);
        assertMessages(m, "P", 2 * COUNT);
    }
}
