package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamAdminApiTest extends JetStreamTestSupport {

    @Test
    void createReturnsNormalizedConfigAndEmptyState() throws Exception {
        startAndConnect();
        assertThat(nc.getServerInfo().isJetStreamAvailable()).isTrue();
        StreamInfo si = jsm.addStream(StreamConfiguration.builder()
                .name("ORDERS")
                .subjects("orders.>")
                .build());
        StreamConfiguration c = si.getConfiguration();
        assertThat(c.getName()).isEqualTo("ORDERS");
        assertThat(c.getSubjects()).containsExactly("orders.>");
        assertThat(c.getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
        assertThat(c.getStorageType()).isEqualTo(StorageType.File);
        assertThat(c.getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
        assertThat(c.getMaxMsgs()).isEqualTo(-1);
        assertThat(c.getMaxBytes()).isEqualTo(-1);
        assertThat(c.getMaxMsgSize()).isEqualTo(-1);
        assertThat(c.getMaxConsumers()).isEqualTo(-1);
        assertThat(c.getMaxMsgsPerSubject()).isEqualTo(-1);
        assertThat(c.getReplicas()).isEqualTo(1);
        assertThat(c.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(si.getStreamState().getMsgCount()).isZero();
        assertThat(si.getStreamState().getFirstSequence()).isZero();
        assertThat(si.getStreamState().getLastSequence()).isZero();
        assertThat(si.getCreateTime()).isNotNull();
        assertThat(si.getClusterInfo().getLeader()).isEqualTo(broker.serverName());
    }

    @Test
    void noSubjectsDefaultsToName() throws Exception {
        startAndConnect();
        StreamInfo si = jsm.addStream(StreamConfiguration.builder()
                .name("S1")
                .storageType(StorageType.Memory)
                .build());
        assertThat(si.getConfiguration().getSubjects()).containsExactly("S1");
    }

    @Test
    void createIsIdempotentForIdenticalConfigAndRejectsDifferent() throws Exception {
        startAndConnect();
        StreamConfiguration sc = StreamConfiguration.builder()
                .name("A")
                .subjects("a.*")
                .maxMessages(10)
                .metadata(Map.of("k", "v"))
                .description("d")
                .build();
        StreamInfo first = jsm.addStream(sc);
        StreamInfo again = jsm.addStream(sc);
        assertThat(again.getCreateTime()).isEqualTo(first.getCreateTime());
        apiError(
                10058,
                () -> jsm.addStream(
                        StreamConfiguration.builder(sc).maxMessages(11).build()));
    }

    @Test
    void createErrors() throws Exception {
        startAndConnect();
        createStream("A", StorageType.Memory, "a.>");
        apiError(10065, () -> createStream("B", StorageType.Memory, "a.b"));
        apiError(10065, () -> createStream("C", StorageType.Memory, "a.*"));
        apiError(10052, () -> createStream("C", StorageType.Memory, ">"));
        apiError(
                10074,
                () -> jsm.addStream(
                        StreamConfiguration.builder().name("R3").replicas(3).build()));
        apiError(10052, () -> createStream("D", StorageType.Memory, "$JS.API.>"));
        apiError(10052, () -> createStream("E", StorageType.Memory, "x.*", "x.y"));
        apiError(
                10052,
                () -> jsm.addStream(StreamConfiguration.builder()
                        .name("F")
                        .maxAge(Duration.ofMillis(10))
                        .build()));
        apiError(
                10052,
                () -> jsm.addStream(StreamConfiguration.builder()
                        .name("G")
                        .maxMessagesPerSubject(1)
                        .discardNewPerSubject(true)
                        .build()));
        apiError(
                10052,
                () -> jsm.addStream(StreamConfiguration.builder()
                        .name("H")
                        .denyPurge(true)
                        .allowRollup(true)
                        .build()));
        assertThat(request("$JS.API.STREAM.CREATE.I", "{\"name\":\"I\",\"sealed\":true}"))
                .contains("\"err_code\":10052")
                .contains("stream configuration for create can not be sealed");
        apiError(
                10034,
                () -> jsm.addStream(StreamConfiguration.builder()
                        .name("J")
                        .subjects("j")
                        .mirror(io.nats.client.api.Mirror.builder()
                                .sourceName("A")
                                .build())
                        .build()));
    }

    @Test
    void rawApiErrors() throws Exception {
        startAndConnect();
        // name in subject differs from body
        String r = request("$JS.API.STREAM.CREATE.X", "{\"name\":\"Y\"}");
        assertThat(r)
                .contains("\"type\":\"io.nats.jetstream.api.v1.stream_create_response\"")
                .contains("\"err_code\":10056");
        assertThat(request("$JS.API.STREAM.CREATE.X", "{not json"))
                .contains("\"code\":400")
                .contains("\"err_code\":10025");
        assertThat(request("$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msgs\":\"ten\"}"))
                .contains("\"err_code\":10025");
        assertThat(request("$JS.API.STREAM.CREATE.a\\b", "{\"name\":\"a\\\\b\"}"))
                .contains("\"err_code\":10128");
        assertThat(request("$JS.API.STREAM.INFO.NOPE", ""))
                .contains("stream_info_response")
                .contains("\"err_code\":10059");
        assertThat(request("$JS.API.STREAM.NAMES", "[1,2]")).contains("\"err_code\":10025");
        assertThat(request("$JS.API.STREAM.MSG.GET.NOPE", "")).contains("\"err_code\":10003");
    }

    @Test
    void featuresOfNewerServersAreRefusedWhenSetAndAcceptedWhenZero() throws Exception {
        startAndConnect();
        assertThat(request("$JS.API.STREAM.CREATE.FB", "{\"name\":\"FB\",\"allow_batched\":true}"))
                .doesNotContain("\"error\"")
                .contains("\"allow_batched\":true")
                .contains("\"_nats.req.level\":\"4\"");
        assertThat(request(
                        "$JS.API.STREAM.CREATE.T",
                        "{\"name\":\"T\",\"allow_atomic\":false," + "\"persist_mode\":\"default\"}"))
                .doesNotContain("\"error\"");
        assertThat(request(
                        "$JS.API.CONSUMER.CREATE.T",
                        "{\"stream_name\":\"T\",\"config\":" + "{\"priority_groups\":[\"g\"]}}"))
                .contains("\"err_code\":10196")
                .contains("consumer can not have priority groups when policy is none");
        assertThat(request(
                        "$JS.API.CONSUMER.CREATE.T",
                        "{\"stream_name\":\"T\",\"config\":"
                                + "{\"priority_groups\":[],\"pause_until\":\"0001-01-01T00:00:00Z\"}}"))
                .doesNotContain("\"error\"");
    }

    private String request(String subject, String body) throws Exception {
        var m = nc.request(subject, body.getBytes(), Duration.ofSeconds(2));
        return new String(m.getData());
    }

    @Test
    void infoWithSubjectsFilterAndDeletedDetails() throws Exception {
        startAndConnect();
        createStream("S", StorageType.Memory, "s.>");
        for (int i = 0; i < 5; i++) {
            js.publish("s." + (i % 3), new byte[] {1});
        }
        jsm.deleteMessage("S", 2);
        StreamInfo si = jsm.getStreamInfo(
                "S",
                StreamInfoOptions.builder()
                        .filterSubjects("s.*")
                        .deletedDetails()
                        .build());
        assertThat(si.getStreamState().getSubjectMap())
                .containsEntry("s.0", 2L)
                .containsEntry("s.1", 1L)
                .containsEntry("s.2", 1L);
        assertThat(si.getStreamState().getDeleted()).containsExactly(2L);
        assertThat(si.getStreamState().getDeletedCount()).isEqualTo(1);
        assertThat(si.getStreamState().getSubjectCount()).isEqualTo(3);
        StreamInfo plain = jsm.getStreamInfo("S");
        assertThat(plain.getStreamState().getSubjects()).isEmpty();
        assertThat(plain.getStreamState().getDeleted()).isEmpty();
    }

    @Test
    void updateChangesWhatMayChange() throws Exception {
        startAndConnect();
        createStream("U", StorageType.File, "u.a");
        StreamConfiguration next = StreamConfiguration.builder(
                        jsm.getStreamInfo("U").getConfiguration())
                .subjects("u.a", "u.b")
                .maxMessages(100)
                .description("new")
                .allowDirect(true)
                .duplicateWindow(Duration.ofSeconds(30))
                .denyDelete(true)
                .build();
        StreamInfo si = jsm.updateStream(next);
        assertThat(si.getConfiguration().getSubjects()).containsExactly("u.a", "u.b");
        assertThat(si.getConfiguration().getMaxMsgs()).isEqualTo(100);
        assertThat(si.getConfiguration().getDescription()).isEqualTo("new");
        assertThat(si.getConfiguration().getAllowDirect()).isTrue();
        assertThat(js.publish("u.b", new byte[0]).getSeqno()).isEqualTo(1);
        apiError(
                10052,
                () -> jsm.updateStream(StreamConfiguration.builder(next)
                        .storageType(StorageType.Memory)
                        .build()));
        apiError(
                10052,
                () -> jsm.updateStream(StreamConfiguration.builder(next)
                        .retentionPolicy(RetentionPolicy.WorkQueue)
                        .build()));
        apiError(
                10052,
                () -> jsm.updateStream(
                        StreamConfiguration.builder(next).denyDelete(false).build()));
        apiError(
                10052,
                () -> jsm.updateStream(
                        StreamConfiguration.builder(next).maxConsumers(5).build()));
        apiError(
                10059,
                () -> jsm.updateStream(
                        StreamConfiguration.builder(next).name("NOPE").build()));
        createStream("V", StorageType.File, "v");
        apiError(
                10065,
                () -> jsm.updateStream(
                        StreamConfiguration.builder(next).subjects("u.a", "v").build()));
        jsm.updateStream(StreamConfiguration.builder(next)
                .retentionPolicy(RetentionPolicy.Interest)
                .build());
        assertThat(jsm.getStreamInfo("U").getConfiguration().getRetentionPolicy())
                .isEqualTo(RetentionPolicy.Interest);
    }

    @Test
    void namesListAndDelete() throws Exception {
        startAndConnect();
        createStream("B", StorageType.Memory, "b.>");
        createStream("A", StorageType.File, "a.>");
        createStream("C", StorageType.Memory, "c");
        assertThat(jsm.getStreamNames()).containsExactly("A", "B", "C");
        assertThat(jsm.getStreamNames("b.x")).containsExactly("B");
        assertThat(jsm.getStreams("c"))
                .extracting(si -> si.getConfiguration().getName())
                .containsExactly("C");
        assertThat(jsm.getStreams()).hasSize(3);
        assertThat(jsm.deleteStream("A")).isTrue();
        apiError(10059, () -> jsm.deleteStream("A"));
        assertThat(jsm.getStreamNames()).containsExactly("B", "C");
        assertThat(storeDir.resolve("streams").resolve("A")).doesNotExist();
        jsm.deleteStream("B");
        jsm.deleteStream("C");
        assertThat(jsm.getStreamNames()).isEmpty();
        assertThat(jsm.getStreams()).isEmpty();
    }

    @Test
    void accountInfoMoves() throws Exception {
        startAndConnect(io.natsspring.broker.BrokerOptions.builder().maxMemoryStore(1_000_000));
        var before = jsm.getAccountStatistics();
        assertThat(before.getStreams()).isZero();
        assertThat(before.getLimits().getMaxMemory()).isEqualTo(1_000_000);
        assertThat(before.getLimits().getMaxStorage()).isEqualTo(-1);
        createStream("M", StorageType.Memory, "m");
        js.publish("m", new byte[1000]);
        var after = jsm.getAccountStatistics();
        assertThat(after.getStreams()).isEqualTo(1);
        assertThat(after.getMemory()).isGreaterThan(1000);
        assertThat(after.getApi().getTotalApiRequests())
                .isGreaterThan(before.getApi().getTotalApiRequests());
        apiError(
                10028,
                () -> jsm.addStream(StreamConfiguration.builder()
                        .name("BIG")
                        .storageType(StorageType.Memory)
                        .maxBytes(2_000_000)
                        .build()));
        assertThat(jsm.getAccountStatistics().getApi().getErrorCount()).isGreaterThan(0);
    }
}
