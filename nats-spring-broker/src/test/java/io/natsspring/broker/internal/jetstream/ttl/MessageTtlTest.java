package io.natsspring.broker.internal.jetstream.ttl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.MessageTtl;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Per-message TTL (ADR-43), subject delete markers and KV per-key TTL, through jnats on both stores. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageTtlTest extends JetStreamTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private StreamInfo ttlStream(String name, StorageType storage, Duration maxAge, Duration markerTtl)
            throws Exception {
        StreamConfiguration.Builder b = StreamConfiguration.builder()
                .name(name)
                .subjects(name.toLowerCase() + ".>")
                .storageType(storage)
                .allowMessageTtl();
        if (maxAge != null) {
            b.maxAge(maxAge);
        }
        if (markerTtl != null) {
            b.subjectDeleteMarkerTtl(markerTtl);
        }
        return jsm.addStream(b.build());
    }

    private long msgs(String stream) throws Exception {
        return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
    }

    private static PublishOptions ttl(String text) {
        return PublishOptions.builder().messageTtlCustom(text).build();
    }

    @ParameterizedTest
    @EnumSource(StorageType.class)
    void messagesExpireAtTheirTtl(StorageType storage) throws Exception {
        startAndConnect();
        ttlStream("T", storage, null, null);
        js.publish(
                "t.a",
                "short".getBytes(),
                PublishOptions.builder().messageTtlSeconds(1).build());
        js.publish("t.b", "duration".getBytes(), ttl("1s"));
        js.publish("t.c", "long".getBytes(), ttl("1h"));
        js.publish("t.d", "plain".getBytes());
        assertThat(msgs("T")).isEqualTo(4);
        await().atMost(WAIT).until(() -> msgs("T") == 2);
        StreamInfo si = jsm.getStreamInfo("T");
        assertThat(si.getStreamState().getFirstSequence()).isEqualTo(3);
        assertThat(si.getConfiguration().isAllowMessageTtl()).isTrue();
        assertThat(jsm.getMessage("T", 3).getHeaders().getFirst("Nats-TTL")).isEqualTo("1h");
    }

    @ParameterizedTest
    @EnumSource(StorageType.class)
    void neverOutlivesMaxAge(StorageType storage) throws Exception {
        startAndConnect();
        ttlStream("N", storage, Duration.ofMillis(500), null);
        js.publish(
                "n.keep",
                "k".getBytes(),
                PublishOptions.builder().messageTtlNever().build());
        js.publish("n.go", "g".getBytes());
        js.publish("n.ttl", "t".getBytes(), ttl("1h"));
        await().atMost(WAIT).until(() -> msgs("N") == 1);
        assertThat(jsm.getMessage("N", 1).getSubject()).isEqualTo("n.keep");
    }

    @ParameterizedTest
    @EnumSource(StorageType.class)
    void refusesTtlsWhereNotAllowedOrInvalid(StorageType storage) throws Exception {
        startAndConnect();
        createStream("PLAIN", storage, "plain");
        apiError(10166, () -> js.publish("plain", new byte[0], ttl("1s")));
        // an invalid value is refused as invalid even where TTLs are off (as nats-server)
        apiError(10165, () -> js.publish("plain", new byte[0], ttl("soon")));
        ttlStream("T", storage, null, null);
        for (String bad : new String[] {"500ms", "0", "-1", "1.5", "soon", "0s"}) {
            apiError(10165, () -> js.publish("t.x", new byte[0], ttl(bad)));
        }
        assertThat(js.publish("t.x", new byte[0], ttl("NEVER")).getSeqno()).isEqualTo(1);
        assertThat(js.publish("t.x", new byte[0], ttl("90")).getSeqno()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(StorageType.class)
    void ttlCannotBeDisabledAndMarkersImplyTtlAndRollups(StorageType storage) throws Exception {
        startAndConnect();
        StreamInfo si = jsm.addStream(StreamConfiguration.builder()
                .name("M")
                .subjects("m.>")
                .storageType(storage)
                .subjectDeleteMarkerTtl(Duration.ofSeconds(2))
                .build());
        assertThat(si.getConfiguration().isAllowMessageTtl()).isTrue();
        assertThat(si.getConfiguration().getAllowRollup()).isTrue();
        assertThat(si.getConfiguration().getSubjectDeleteMarkerTtl()).isEqualTo(Duration.ofSeconds(2));
        JetStreamApiException e = apiError(
                10052,
                () -> jsm.updateStream(StreamConfiguration.builder(si.getConfiguration())
                        .allowMessageTtl(false)
                        .subjectDeleteMarkerTtl(0)
                        .build()));
        assertThat(e.getErrorDescription()).isEqualTo("message TTL status can not be disabled");
        // jnats refuses a marker TTL below a second itself: ask the server directly
        String reply = new String(nc.request(
                        "$JS.API.STREAM.CREATE.M2",
                        "{\"name\":\"M2\",\"subject_delete_marker_ttl\":500000000}".getBytes(),
                        WAIT)
                .getData());
        assertThat(reply).contains("\"err_code\":10052", "subject delete marker TTL must be at least 1 second");
        // enabling TTLs on update works
        createStream("LATE", storage, "late");
        jsm.updateStream(StreamConfiguration.builder(jsm.getStreamInfo("LATE").getConfiguration())
                .allowMessageTtl()
                .build());
        js.publish("late", new byte[0], ttl("1s"));
        await().atMost(WAIT).until(() -> msgs("LATE") == 0);
    }

    @ParameterizedTest
    @EnumSource(StorageType.class)
    void lastMessageOfASubjectLeavesAMarkerThatExpiresToo(StorageType storage) throws Exception {
        startAndConnect();
        ttlStream("S", storage, Duration.ofSeconds(1), Duration.ofSeconds(1));
        js.publish("s.a", "1".getBytes());
        js.publish("s.a", "2".getBytes());
        js.publish("s.b", "3".getBytes(), ttl("1s"));
        // both subjects expire; one marker each replaces their last message
        await().atMost(WAIT).until(() -> jsm.getStreamInfo("S").getStreamState().getLastSequence() >= 5);
        MessageInfo marker = jsm.getLastMessage("S", "s.a");
        Headers h = marker.getHeaders();
        assertThat(h.getFirst("Nats-Marker-Reason")).isEqualTo("MaxAge");
        assertThat(h.getFirst("Nats-TTL")).isEqualTo("1s");
        assertThat(h.getFirst("Nats-Rollup")).isEqualTo("sub");
        assertThat(marker.getData()).isNullOrEmpty();
        assertThat(jsm.getLastMessage("S", "s.b").getHeaders().getFirst("Nats-Marker-Reason"))
                .isEqualTo("MaxAge");
        // the markers expire without new markers
        await().atMost(WAIT).until(() -> msgs("S") == 0);
        assertThat(jsm.getStreamInfo("S").getStreamState().getLastSequence()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(StorageType.class)
    void shortTtlsAreRaisedToTheMarkerTtl(StorageType storage) throws Exception {
        startAndConnect();
        ttlStream("R", storage, null, Duration.ofSeconds(5));
        js.publish("r.a", new byte[0], ttl("1s"));
        js.publish("r.b", new byte[0], ttl("10s"));
        assertThat(jsm.getMessage("R", 1).getHeaders().getFirst("Nats-TTL")).isEqualTo("5");
        assertThat(jsm.getMessage("R", 2).getHeaders().getFirst("Nats-TTL")).isEqualTo("10s");
    }

    @ParameterizedTest
    @EnumSource(StorageType.class)
    void keyValuePerKeyTtlAndLimitMarkers(StorageType storage) throws Exception {
        startAndConnect();
        nc.keyValueManagement()
                .create(KeyValueConfiguration.builder()
                        .name("B")
                        .storageType(storage)
                        .limitMarker(Duration.ofSeconds(1))
                        .build());
        KeyValue kv = nc.keyValue("B");
        kv.create("k1", "v1".getBytes(), MessageTtl.seconds(1));
        kv.put("k2", "v2".getBytes());
        kv.purge("k2", MessageTtl.seconds(1));
        assertThat(kv.get("k2")).isNull();
        await().atMost(WAIT).until(() -> kv.get("k1") == null);
        // k1's expiry left a marker, k2's purge tombstone expired without one
        await().atMost(WAIT).until(() -> msgs("KV_B") == 0);
        assertThat(kv.create("k1", "again".getBytes())).isPositive();
        KeyValueEntry e = kv.get("k1");
        assertThat(e.getOperation()).isEqualTo(KeyValueOperation.PUT);
        assertThat(new String(e.getValue())).isEqualTo("again");
    }

    @ParameterizedTest
    @EnumSource(value = StorageType.class, names = "File")
    void ttlsSurviveARestart(StorageType storage) throws Exception {
        startAndConnect();
        ttlStream("P", storage, null, null);
        js.publish("p.a", new byte[0], ttl("2s"));
        js.publish("p.b", new byte[0], ttl("1h"));
        nc.close();
        broker.close();
        startAndConnect();
        assertThat(msgs("P")).isEqualTo(2);
        await().atMost(WAIT).until(() -> msgs("P") == 1);
        assertThat(jsm.getMessage("P", 2).getSubject()).isEqualTo("p.b");
    }
}
