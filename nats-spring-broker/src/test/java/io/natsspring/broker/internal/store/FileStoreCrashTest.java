package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing child JVM with SIGKILL and checks every acknowledged message survives intact. */
@Tag("child-jvm") // run alone, after the parallel forks (see the surefire configuration in pom.xml)
class FileStoreCrashTest {

    @TempDir
    Path tmp;

    static byte[] payloadFor(long seq) {
        byte[] p = new byte[40 + (int) (seq % 200)];
        Arrays.fill(p, (byte) ('a' + seq % 26));
        byte[] tag = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, p, 0, tag.length);
        return p;
    }

    @Test
    void acknowledgedMessagesSurviveSigkill() throws Exception {
        crashAndCheck(false);
    }

    @Test
    void acknowledgedMessagesInCompressedBlocksSurviveSigkill() throws Exception {
        crashAndCheck(true);
    }

    private void crashAndCheck(boolean compress) throws Exception {
        Path dir = tmp.resolve("stream");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashingWriterMain.class.getName(),
                        dir.toString(),
                        compress ? "compress" : "plain")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Long> acked = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acked.add(Long.parseLong(line.substring(4)));
                }
                if (acked.size() >= 3000) {
                    child.destroyForcibly();
                    break;
                }
            }
            child.waitFor();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(3000);
        try (FileStreamStore store = FileStreamStore.open(dir, FileStoreConfig.DEFAULT, StoreLimits.UNLIMITED)) {
            store.setCompression(compress);
            assertThat(store.state().lastSeq()).isGreaterThanOrEqualTo(acked.get(acked.size() - 1));
            for (long seq : acked) {
                boolean deleted = seq % 100 == 50 && seq + 50 <= acked.get(acked.size() - 1);
                StoredMessage m = store.load(seq);
                if (deleted) {
                    assertThat(m).as("deleted seq %d", seq).isNull();
                } else {
                    assertThat(m).as("seq %d", seq).isNotNull();
                    assertThat(m.payload()).isEqualTo(payloadFor(seq));
                    assertThat(m.subject()).isEqualTo("crash." + (seq % 7));
                }
            }
            long next = store.append("after", null, new byte[1], 1);
            assertThat(next).isEqualTo(store.state().lastSeq());
        }
    }
}
