package io.natsspring.broker.internal.jetstream.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Snapshot a stream with consumers, delete it, restore it: the same messages, sequences and consumer progress. */
class StreamSnapshotRestoreTest extends JetStreamTestSupport {

    @ParameterizedTest
    @EnumSource(
            value = StorageType.class,
            names = {"File", "Memory"})
    void roundTripKeepsMessagesSequencesAndConsumers(StorageType storage) throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("S")
                .subjects("s.>")
                .storageType(storage)
                .maxMessagesPerSubject(100)
                .build());
        for (int i = 1; i <= 300; i++) {
            js.publish("s." + (i % 7), ("payload-" + i).repeat(i % 13 + 1).getBytes(StandardCharsets.UTF_8));
        }
        jsm.deleteMessage("S", 1);
        jsm.deleteMessage("S", 5);
        jsm.deleteMessage("S", 150);
        jsm.deleteMessage("S", 300);
        jsm.addOrUpdateConsumer(
                "S",
                ConsumerConfiguration.builder()
                        .durable("C")
                        .ackPolicy(AckPolicy.Explicit)
                        .ackWait(Duration.ofMinutes(5))
                        .build());
        jsm.addOrUpdateConsumer(
                "S",
                ConsumerConfiguration.builder()
                        .durable("D")
                        .filterSubject("s.3")
                        .build());
        JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("S", "C"));
        List<Message> got = sub.fetch(30, Duration.ofSeconds(5));
        assertThat(got).hasSize(30);
        for (int i = 0; i < 20; i++) {
            got.get(i).ack();
        }
        got.get(25).ack();
        nc.flush(Duration.ofSeconds(5));
        sub.unsubscribe();

        StreamInfo before = jsm.getStreamInfo("S", io.nats.client.api.StreamInfoOptions.deletedDetails());
        ConsumerInfo cBefore = jsm.getConsumerInfo("S", "C");
        ConsumerInfo dBefore = jsm.getConsumerInfo("S", "D");

        SnapshotClient client = new SnapshotClient(nc);
        Path file = storeDir.resolve("S.snap");
        ObjectNode opts = SnapshotClient.JSON.createObjectNode().put("chunk_size", 1024);
        SnapshotClient.Snapshot snap = client.snapshot("S", file, opts);
        assertThat(snap.response().get("type").asString())
                .isEqualTo("io.nats.jetstream.api.v1.stream_snapshot_response");
        assertThat(snap.response().get("state").get("messages").asLong()).isEqualTo(296);
        assertThat(snap.finalStatus()).isEqualTo(204);
        assertThat(snap.replies())
                .isNotEmpty()
                .allMatch(r -> r.matches("\\$JS\\.SNAPSHOT\\.ACK\\.S\\.[^.]+\\.\\d+\\.\\d+"));
        assertThat(snap.replies().get(0)).endsWith(".1024.1");
        assertThat(Files.size(file)).isEqualTo(snap.bytes()).isPositive();
        JsonNode config = snap.response().get("config");

        jsm.deleteStream("S");
        JsonNode[] restored = client.restore("S", config, file, 4096);
        assertThat(restored[0].get("deliver_subject").asString()).startsWith("$JS.SNAPSHOT.RESTORE.S.");
        assertThat(restored[1].has("error")).as(restored[1].toString()).isFalse();
        assertThat(restored[1].get("type").asString()).isEqualTo("io.nats.jetstream.api.v1.stream_create_response");
        assertThat(restored[1].get("state").get("messages").asLong()).isEqualTo(296);

        StreamInfo after = jsm.getStreamInfo("S", io.nats.client.api.StreamInfoOptions.deletedDetails());
        assertThat(after.getStreamState().getMsgCount())
                .isEqualTo(before.getStreamState().getMsgCount());
        assertThat(after.getStreamState().getByteCount())
                .isEqualTo(before.getStreamState().getByteCount());
        assertThat(after.getStreamState().getFirstSequence()).isEqualTo(2);
        assertThat(after.getStreamState().getLastSequence()).isEqualTo(300);
        assertThat(after.getStreamState().getDeleted())
                .isEqualTo(before.getStreamState().getDeleted())
                .contains(5L, 150L);
        assertThat(after.getStreamState().getLastTime())
                .isEqualTo(before.getStreamState().getLastTime());
        assertThat(after.getStreamState().getSubjectCount()).isEqualTo(7);
        assertThat(after.getConfiguration().getStorageType()).isEqualTo(storage);
        for (long seq : new long[] {2, 3, 149, 151, 299}) {
            assertThat(jsm.getMessage("S", seq).getData())
                    .isEqualTo(("payload-" + seq).repeat((int) (seq % 13 + 1)).getBytes(StandardCharsets.UTF_8));
        }
        ConsumerInfo cAfter = jsm.getConsumerInfo("S", "C");
        assertThat(cAfter.getAckFloor().getStreamSequence())
                .isEqualTo(cBefore.getAckFloor().getStreamSequence());
        assertThat(cAfter.getDelivered().getStreamSequence())
                .isEqualTo(cBefore.getDelivered().getStreamSequence());
        assertThat(cAfter.getNumAckPending()).isEqualTo(9);
        assertThat(cAfter.getNumPending()).isEqualTo(cBefore.getNumPending());
        assertThat(jsm.getConsumerInfo("S", "D").getNumPending()).isEqualTo(dBefore.getNumPending());

        // consumers resume: C gets the messages after the ones it had, publishing continues at 301
        JetStreamSubscription again = js.subscribe(null, PullSubscribeOptions.bind("S", "C"));
        List<Message> next = again.fetch(1, Duration.ofSeconds(5));
        assertThat(next).hasSize(1);
        assertThat(next.get(0).metaData().streamSequence())
                .isEqualTo(cBefore.getDelivered().getStreamSequence() + 1);
        assertThat(js.publish("s.1", new byte[0]).getSeqno()).isEqualTo(301);
    }

    @Test
    void emptyAndPurgedStreamsKeepTheirSequences() throws Exception {
        startAndConnect();
        createStream("E", StorageType.File, "e");
        for (int i = 0; i < 10; i++) {
            js.publish("e", new byte[0]);
        }
        jsm.purgeStream("E");
        SnapshotClient client = new SnapshotClient(nc);
        Path file = storeDir.resolve("E.snap");
        SnapshotClient.Snapshot snap = client.snapshot("E", file, null);
        assertThat(snap.finalStatus()).isEqualTo(204);
        jsm.deleteStream("E");
        JsonNode[] restored = client.restore("E", snap.response().get("config"), file, 128 * 1024);
        assertThat(restored[1].has("error")).as(restored[1].toString()).isFalse();
        StreamInfo si = jsm.getStreamInfo("E");
        assertThat(si.getStreamState().getMsgCount()).isZero();
        assertThat(si.getStreamState().getLastSequence()).isEqualTo(10);
        assertThat(js.publish("e", new byte[0]).getSeqno()).isEqualTo(11);
    }

    @Test
    void restoreRefusals() throws Exception {
        startAndConnect();
        createStream("R", StorageType.File, "r");
        SnapshotClient client = new SnapshotClient(nc);
        JsonNode exists = client.request("$JS.API.STREAM.RESTORE.R", "{\"config\":{\"name\":\"R\"}}");
        assertThat(exists.get("error").get("err_code").asInt()).isEqualTo(10130);
        JsonNode empty = client.request("$JS.API.STREAM.RESTORE.X", "");
        assertThat(empty.get("error").get("err_code").asInt()).isEqualTo(10003);
        JsonNode mismatch = client.request("$JS.API.STREAM.RESTORE.X", "{\"config\":{\"name\":\"Y\"}}");
        assertThat(mismatch.get("error").get("err_code").asInt()).isEqualTo(10056);

        // an archive that is not ours fails with 10062 on the end-of-archive message
        Path junk = storeDir.resolve("junk.snap");
        Files.write(junk, "definitely not an archive".getBytes(StandardCharsets.UTF_8));
        JsonNode config = SnapshotClient.JSON
                .createObjectNode()
                .put("name", "J")
                .set("subjects", SnapshotClient.JSON.createArrayNode().add("j"));
        JsonNode[] restored = client.restore("J", config, junk, 1024);
        assertThat(restored[1].get("error").get("err_code").asInt()).isEqualTo(10062);
        assertThat(restored[1].get("error").get("description").asString()).startsWith("restore failed: ");
        assertThat(jsm.getStreamNames()).containsExactly("R");
        assertThat(Files.list(storeDir.resolve("restore.tmp")).count()).isZero();
    }

    @Test
    void snapshotRefusals() throws Exception {
        startAndConnect();
        createStream("Q", StorageType.File, "q");
        SnapshotClient client = new SnapshotClient(nc);
        assertThat(client.request("$JS.API.STREAM.SNAPSHOT.Q", "")
                        .get("error")
                        .get("err_code")
                        .asInt())
                .isEqualTo(10003);
        assertThat(client.request("$JS.API.STREAM.SNAPSHOT.NOPE", "{\"deliver_subject\":\"x\"}")
                        .get("error")
                        .get("err_code")
                        .asInt())
                .isEqualTo(10059);
        assertThat(client.request("$JS.API.STREAM.SNAPSHOT.Q", "{\"deliver_subject\":\"x.*\"}")
                        .get("error")
                        .get("err_code")
                        .asInt())
                .isEqualTo(10015);
    }
}
