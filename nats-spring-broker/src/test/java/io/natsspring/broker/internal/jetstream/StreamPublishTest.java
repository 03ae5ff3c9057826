package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamPublishTest extends JetStreamTestSupport {

    @Test
    void publishAcksWithSequences() throws Exception {
        startAndConnect();
        createStream("P", StorageType.File, "p.>");
        for (int i = 1; i <= 3; i++) {
            PublishAck ack = js.publish("p.x", ("m" + i).getBytes());
            assertThat(ack.getStream()).isEqualTo("P");
            assertThat(ack.getSeqno()).isEqualTo(i);
            assertThat(ack.isDuplicate()).isFalse();
        }
        nc.publish("p.y", "no ack".getBytes());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jsm.getStreamInfo("P").getStreamState().getMsgCount() == 4);
        var st = jsm.getStreamInfo("P").getStreamState();
        assertThat(st.getFirstSequence()).isEqualTo(1);
        assertThat(st.getLastSequence()).isEqualTo(4);
        assertThat(st.getFirstTime()).isNotNull();
        assertThat(st.getLastTime()).isAfterOrEqualTo(st.getFirstTime());
    }

    @Test
    void dedupByMsgId() throws Exception {
        startAndConnect();
        createStream("D", StorageType.Memory, "d");
        PublishAck a = js.publish(
                "d", "1".getBytes(), PublishOptions.builder().messageId("id-1").build());
        PublishAck b = js.publish(
                "d", "1".getBytes(), PublishOptions.builder().messageId("id-1").build());
        PublishAck c = js.publish(
                "d", "2".getBytes(), PublishOptions.builder().messageId("id-2").build());
        assertThat(a.getSeqno()).isEqualTo(1);
        assertThat(b.isDuplicate()).isTrue();
        assertThat(b.getSeqno()).isEqualTo(1);
        assertThat(c.getSeqno()).isEqualTo(2);
        assertThat(jsm.getStreamInfo("D").getStreamState().getMsgCount()).isEqualTo(2);
    }

    @Test
    void dedupWindowExpires() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("W")
                .subjects("w")
                .storageType(StorageType.Memory)
                .duplicateWindow(Duration.ofMillis(200))
                .build());
        js.publish("w", new byte[0], PublishOptions.builder().messageId("x").build());
        Thread.sleep(300);
        assertThat(js.publish(
                                "w",
                                new byte[0],
                                PublishOptions.builder().messageId("x").build())
                        .isDuplicate())
                .isFalse();
    }

    @Test
    void expectations() throws Exception {
        startAndConnect();
        createStream("E", StorageType.Memory, "e.*");
        js.publish("e.a", new byte[0], PublishOptions.builder().messageId("m1").build());
        js.publish("e.b", new byte[0], PublishOptions.builder().messageId("m2").build());
        // expected stream
        apiError(
                10060,
                () -> js.publish(
                        "e.a",
                        new byte[0],
                        PublishOptions.builder().expectedStream("OTHER").build()));
        assertThat(js.publish(
                                "e.a",
                                new byte[0],
                                PublishOptions.builder().expectedStream("E").build())
                        .getSeqno())
                .isEqualTo(3);
        // expected last sequence
        JetStreamApiException e = apiError(
                10071,
                () -> js.publish(
                        "e.a",
                        new byte[0],
                        PublishOptions.builder().expectedLastSequence(1).build()));
        assertThat(e.getErrorDescription()).isEqualTo("wrong last sequence: 3");
        assertThat(js.publish(
                                "e.a",
                                new byte[0],
                                PublishOptions.builder().expectedLastSequence(3).build())
                        .getSeqno())
                .isEqualTo(4);
        // expected last subject sequence
        apiError(
                10071,
                () -> js.publish(
                        "e.b",
                        new byte[0],
                        PublishOptions.builder().expectedLastSubjectSequence(1).build()));
        assertThat(js.publish(
                                "e.b",
                                new byte[0],
                                PublishOptions.builder()
                                        .expectedLastSubjectSequence(2)
                                        .build())
                        .getSeqno())
                .isEqualTo(5);
        assertThat(js.publish(
                                "e.c",
                                new byte[0],
                                PublishOptions.builder()
                                        .expectedLastSubjectSequence(0)
                                        .build())
                        .getSeqno())
                .isEqualTo(6);
        // expected last msg id (the last message had none)
        apiError(
                10070,
                () -> js.publish(
                        "e.a",
                        new byte[0],
                        PublishOptions.builder().expectedLastMsgId("m2").build()));
        js.publish("e.a", new byte[0], PublishOptions.builder().messageId("m3").build());
        assertThat(js.publish(
                                "e.a",
                                new byte[0],
                                PublishOptions.builder().expectedLastMsgId("m3").build())
                        .getSeqno())
                .isEqualTo(8);
    }

    @Test
    void rollups() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("R")
                .subjects("r.*")
                .storageType(StorageType.Memory)
                .allowRollup(true)
                .build());
        for (int i = 0; i < 3; i++) {
            js.publish("r.a", new byte[0]);
            js.publish("r.b", new byte[0]);
        }
        Headers sub = new Headers().put("Nats-Rollup", "sub");
        js.publish(NatsMessage.builder().subject("r.a").headers(sub).data("x").build());
        var st = jsm.getStreamInfo("R").getStreamState();
        assertThat(st.getMsgCount()).isEqualTo(4);
        assertThat(jsm.getLastMessage("R", "r.a").getSeq()).isEqualTo(7);
        Headers all = new Headers().put("Nats-Rollup", "all");
        js.publish(NatsMessage.builder().subject("r.b").headers(all).data("y").build());
        st = jsm.getStreamInfo("R").getStreamState();
        assertThat(st.getMsgCount()).isEqualTo(1);
        assertThat(st.getFirstSequence()).isEqualTo(8);

        createStream("NR", StorageType.Memory, "nr");
        apiError(
                10111,
                () -> js.publish(NatsMessage.builder()
                        .subject("nr")
                        .headers(sub)
                        .data("x")
                        .build()));
    }

    @Test
    void maxMsgsAndMaxBytesDiscardOld() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("L")
                .subjects("l")
                .storageType(StorageType.File)
                .maxMessages(3)
                .build());
        for (int i = 0; i < 5; i++) {
            js.publish("l", new byte[10]);
        }
        var st = jsm.getStreamInfo("L").getStreamState();
        assertThat(st.getMsgCount()).isEqualTo(3);
        assertThat(st.getFirstSequence()).isEqualTo(3);

        jsm.addStream(StreamConfiguration.builder()
                .name("B")
                .subjects("b")
                .storageType(StorageType.Memory)
                .maxBytes(500)
                .build());
        for (int i = 0; i < 10; i++) {
            js.publish("b", new byte[100]);
        }
        assertThat(jsm.getStreamInfo("B").getStreamState().getByteCount()).isLessThanOrEqualTo(500);
        assertThat(jsm.getStreamInfo("B").getStreamState().getLastSequence()).isEqualTo(10);
    }

    @Test
    void discardNew() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("N")
                .subjects("n")
                .storageType(StorageType.Memory)
                .maxMessages(2)
                .discardPolicy(DiscardPolicy.New)
                .build());
        js.publish("n", new byte[0]);
        js.publish("n", new byte[0]);
        JetStreamApiException e = apiError(10077, () -> js.publish("n", new byte[0]));
        assertThat(e.getErrorDescription()).isEqualTo("maximum messages exceeded");

        jsm.addStream(StreamConfiguration.builder()
                .name("NB")
                .subjects("nb")
                .storageType(StorageType.Memory)
                .maxBytes(300)
                .discardPolicy(DiscardPolicy.New)
                .build());
        js.publish("nb", new byte[100]);
        js.publish("nb", new byte[100]);
        assertThat(apiError(10077, () -> js.publish("nb", new byte[100])).getErrorDescription())
                .isEqualTo("maximum bytes exceeded");

        jsm.addStream(StreamConfiguration.builder()
                .name("NS")
                .subjects("ns.*")
                .storageType(StorageType.Memory)
                .maxMessagesPerSubject(1)
                .discardPolicy(DiscardPolicy.New)
                .discardNewPerSubject(true)
                .build());
        js.publish("ns.a", new byte[0]);
        js.publish("ns.b", new byte[0]);
        assertThat(apiError(10077, () -> js.publish("ns.a", new byte[0])).getErrorDescription())
                .isEqualTo("maximum messages per subject exceeded");
    }

    @Test
    void maxMsgsPerSubjectKeepsNewest() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("K")
                .subjects("k.*")
                .storageType(StorageType.File)
                .maxMessagesPerSubject(2)
                .build());
        for (int i = 0; i < 5; i++) {
            js.publish("k.a", new byte[0]);
            js.publish("k.b", new byte[0]);
        }
        assertThat(jsm.getStreamInfo("K").getStreamState().getMsgCount()).isEqualTo(4);
        assertThat(jsm.getLastMessage("K", "k.a").getSeq()).isEqualTo(9);
    }

    @Test
    void maxMsgSize() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("Z")
                .subjects("z")
                .storageType(StorageType.Memory)
                .maxMsgSize(10)
                .build());
        js.publish("z", new byte[10]);
        apiError(10054, () -> js.publish("z", new byte[11]));
    }

    @Test
    void maxAgeExpiresWithoutNewPublishes() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("AGE")
                .subjects("age")
                .storageType(StorageType.File)
                .maxAge(Duration.ofMillis(300))
                .build());
        js.publish("age", new byte[0]);
        js.publish("age", new byte[0]);
        assertThat(jsm.getStreamInfo("AGE").getStreamState().getMsgCount()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jsm.getStreamInfo("AGE").getStreamState().getMsgCount() == 0);
        assertThat(jsm.getStreamInfo("AGE").getStreamState().getLastSequence()).isEqualTo(2);
        assertThat(jsm.getStreamInfo("AGE").getConfiguration().getDuplicateWindow())
                .isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void accountLimitOnAppend() throws Exception {
        startAndConnect(io.natsspring.broker.BrokerOptions.builder().maxMemoryStore(1000));
        createStream("Q", StorageType.Memory, "q");
        js.publish("q", new byte[500]);
        apiError(10023, () -> js.publish("q", new byte[500]));
    }

    @Test
    void sealedStreamRejectsPublishes() throws Exception {
        startAndConnect();
        createStream("SE", StorageType.Memory, "se");
        js.publish("se", new byte[0]);
        jsm.updateStream(StreamConfiguration.builder(jsm.getStreamInfo("SE").getConfiguration())
                .seal()
                .build());
        apiError(10109, () -> js.publish("se", new byte[0]));
        apiError(10109, () -> jsm.purgeStream("SE"));
    }

    @Test
    void interestRetentionWithoutConsumersKeepsNothing() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("I")
                .subjects("i")
                .storageType(StorageType.Memory)
                .retentionPolicy(io.nats.client.api.RetentionPolicy.Interest)
                .build());
        assertThat(js.publish("i", new byte[0]).getSeqno()).isEqualTo(1);
        assertThat(js.publish("i", new byte[0]).getSeqno()).isEqualTo(2);
        var st = jsm.getStreamInfo("I").getStreamState();
        assertThat(st.getMsgCount()).isZero();
        assertThat(st.getLastSequence()).isEqualTo(2);
    }
}
