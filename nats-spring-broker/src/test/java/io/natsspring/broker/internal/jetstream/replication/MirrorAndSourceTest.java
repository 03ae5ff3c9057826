package io.natsspring.broker.internal.jetstream.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.Mirror;
import io.nats.client.api.Republish;
import io.nats.client.api.Source;
import io.nats.client.api.SourceInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.SubjectTransform;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Mirrors, sources, republish and stream subject transforms through jnats. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MirrorAndSourceTest extends JetStreamTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(StorageType.class)
    void mirrorKeepsTheOriginsSequencesAndReportsItsState(StorageType storage) throws Exception {
        startAndConnect();
        createStream("O", storage, "o.>");
        for (int i = 1; i <= 10; i++) {
            js.publish("o." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        jsm.deleteMessage("O", 3);
        jsm.addStream(StreamConfiguration.builder()
                .name("M")
                .storageType(storage)
                .mirror(Mirror.builder().sourceName("O").build())
                .build());
        await().atMost(WAIT).until(() -> jsm.getStreamInfo("M").getStreamState().getLastSequence() == 10);
        StreamInfo info = jsm.getStreamInfo("M");
        assertThat(info.getStreamState().getMsgCount()).isEqualTo(9);
        assertThat(info.getMirrorInfo().getName()).isEqualTo("O");
        assertThat(info.getMirrorInfo().getLag()).isZero();
        assertThat(info.getConfiguration().getSubjects()).isEmpty();
        assertThat(new String(jsm.getMessage("M", 10).getData(), StandardCharsets.UTF_8))
                .isEqualTo("m10");
        assertThat(jsm.getMessage("M", 10).getTime())
                .isEqualTo(jsm.getMessage("O", 10).getTime());

        js.publish("o.11", "live".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> jsm.getStreamInfo("M").getStreamState().getLastSequence() == 11);
    }

    @Test
    void mirrorWithSubjectsIsRefused() throws Exception {
        startAndConnect();
        apiError(
                10034,
                () -> jsm.addStream(StreamConfiguration.builder()
                        .name("M")
                        .subjects("x")
                        .mirror(Mirror.builder().sourceName("O").build())
                        .build()));
    }

    @Test
    void mirrorStartsAtTheConfiguredSequenceAndFollowsAFilterWithTransform() throws Exception {
        startAndConnect();
        createStream("O", StorageType.Memory, "o.>");
        for (int i = 1; i <= 6; i++) {
            js.publish(i % 2 == 0 ? "o.even" : "o.odd", new byte[] {(byte) i});
        }
        jsm.addStream(StreamConfiguration.builder()
                .name("M")
                .storageType(StorageType.Memory)
                .mirror(Mirror.builder()
                        .sourceName("O")
                        .startSeq(3)
                        .subjectTransforms(SubjectTransform.builder()
                                .source("o.even")
                                .destination("mirrored.even")
                                .build())
                        .build())
                .build());
        await().atMost(WAIT).until(() -> jsm.getStreamInfo("M").getStreamState().getLastSequence() == 6);
        StreamInfo info = jsm.getStreamInfo("M");
        assertThat(info.getStreamState().getMsgCount()).isEqualTo(2);
        assertThat(jsm.getMessage("M", 4).getSubject()).isEqualTo("mirrored.even");
        assertThat(jsm.getMessage("M", 6).getSubject()).isEqualTo("mirrored.even");
    }

    @ParameterizedTest
    @EnumSource(StorageType.class)
    void sourcesMergeStreamsWithTheSourceHeader(StorageType storage) throws Exception {
        startAndConnect();
        createStream("A", storage, "a.>");
        createStream("B", storage, "b.>");
        for (int i = 0; i < 5; i++) {
            js.publish("a." + i, new byte[] {1});
            js.publish("b." + i, new byte[] {2});
        }
        jsm.addStream(StreamConfiguration.builder()
                .name("ALL")
                .storageType(storage)
                .sources(
                        Source.builder().sourceName("A").build(),
                        Source.builder()
                                .sourceName("B")
                                .subjectTransforms(SubjectTransform.builder()
                                        .source("b.>")
                                        .destination("from-b.>")
                                        .build())
                                .build())
                .build());
        await().atMost(WAIT)
                .until(() -> jsm.getStreamInfo("ALL").getStreamState().getMsgCount() == 10);
        StreamInfo info = jsm.getStreamInfo("ALL");
        assertThat(info.getSourceInfos()).extracting(SourceInfo::getName).containsExactly("A", "B");
        assertThat(info.getStreamState().getSubjectCount()).isEqualTo(10);
        MessageInfo last = jsm.getLastMessage("ALL", "from-b.4");
        // 2.15: the origin's identity follows as sixth field
        assertThat(last.getHeaders().getFirst("Nats-Stream-Source"))
                .matches("B 5 b\\.> from-b\\.> b\\.4 [A-Za-z0-9]{8}");
        MessageInfo fromA = jsm.getLastMessage("ALL", "a.0");
        assertThat(fromA.getHeaders().getFirst("Nats-Stream-Source")).matches("A 1 > > a\\.0 [A-Za-z0-9]{8}");
    }

    @Test
    void republishCopiesStoredMessagesWithTheirMetadata() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("R")
                .storageType(StorageType.Memory)
                .subjects("r.>")
                .republish(Republish.builder().source("r.>").destination("rp.>").build())
                .build());
        jsm.addStream(StreamConfiguration.builder()
                .name("H")
                .storageType(StorageType.Memory)
                .subjects("h.>")
                .republish(Republish.builder()
                        .source("h.>")
                        .destination("hp.>")
                        .headersOnly(true)
                        .build())
                .build());
        Subscription full = nc.subscribe("rp.>");
        Subscription headers = nc.subscribe("hp.>");
        nc.flush(Duration.ofSeconds(2));
        Headers h = new Headers().add("X-Mine", "1");
        js.publish(NatsMessage.builder().subject("r.x").headers(h).data("one").build());
        js.publish("r.x", "two".getBytes(StandardCharsets.UTF_8));
        js.publish("h.y", "12345".getBytes(StandardCharsets.UTF_8));

        Message m1 = full.nextMessage(Duration.ofSeconds(5));
        assertThat(m1.getSubject()).isEqualTo("rp.x");
        assertThat(m1.getHeaders().getFirst("X-Mine")).isEqualTo("1");
        assertThat(m1.getHeaders().getFirst("Nats-Stream")).isEqualTo("R");
        assertThat(m1.getHeaders().getFirst("Nats-Subject")).isEqualTo("r.x");
        assertThat(m1.getHeaders().getFirst("Nats-Sequence")).isEqualTo("1");
        assertThat(m1.getHeaders().getFirst("Nats-Last-Sequence")).isEqualTo("0");
        assertThat(m1.getHeaders().getFirst("Nats-Time-Stamp")).isNotBlank();
        Message m2 = full.nextMessage(Duration.ofSeconds(5));
        assertThat(m2.getHeaders().getFirst("Nats-Last-Sequence")).isEqualTo("1");
        assertThat(new String(m2.getData(), StandardCharsets.UTF_8)).isEqualTo("two");

        Message m3 = headers.nextMessage(Duration.ofSeconds(5));
        assertThat(m3.getSubject()).isEqualTo("hp.y");
        assertThat(m3.getData()).isEmpty();
        assertThat(m3.getHeaders().getFirst("Nats-Msg-Size")).isEqualTo("5");
    }

    @Test
    void republishThatFormsACycleIsRefused() throws Exception {
        startAndConnect();
        apiError(
                10052,
                () -> jsm.addStream(StreamConfiguration.builder()
                        .name("R")
                        .subjects("r.>")
                        .republish(Republish.builder()
                                .source("r.>")
                                .destination("r.x.>")
                                .build())
                        .build()));
    }

    @Test
    void subjectTransformRewritesOnIngest() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("T")
                .storageType(StorageType.Memory)
                .subjects("in.*")
                .subjectTransform(SubjectTransform.builder()
                        .source("in.*")
                        .destination("stored.{{wildcard(1)}}")
                        .build())
                .build());
        js.publish("in.a", new byte[] {1});
        assertThat(jsm.getMessage("T", 1).getSubject()).isEqualTo("stored.a");
        js.publish("in.b", new byte[] {2});
        assertThat(jsm.getMessage("T", 2).getSubject()).isEqualTo("stored.b");
    }

    @Test
    void progressSurvivesARestartWithoutGapOrDuplicate() throws Exception {
        startAndConnect();
        createStream("O", StorageType.File, "o.>");
        for (int i = 1; i <= 50; i++) {
            js.publish("o." + (i % 3), new byte[] {(byte) i});
        }
        jsm.addStream(StreamConfiguration.builder()
                .name("S")
                .storageType(StorageType.File)
                .sources(Source.builder().sourceName("O").build())
                .build());
        jsm.addStream(StreamConfiguration.builder()
                .name("M")
                .storageType(StorageType.File)
                .mirror(Mirror.builder().sourceName("O").build())
                .build());
        await().atMost(WAIT)
                .until(() -> jsm.getStreamInfo("S").getStreamState().getMsgCount() == 50
                        && jsm.getStreamInfo("M").getStreamState().getLastSequence() == 50);
        nc.close();
        broker.close();

        startAndConnect();
        for (int i = 51; i <= 80; i++) {
            js.publish("o." + (i % 3), new byte[] {(byte) i});
        }
        await().atMost(WAIT)
                .until(() -> jsm.getStreamInfo("S").getStreamState().getLastSequence() >= 80
                        && jsm.getStreamInfo("M").getStreamState().getLastSequence() == 80);
        assertThat(jsm.getStreamInfo("S").getStreamState().getMsgCount()).isEqualTo(80);
        assertThat(jsm.getStreamInfo("M").getStreamState().getMsgCount()).isEqualTo(80);
        for (long seq = 1; seq <= 80; seq++) {
            String header = jsm.getMessage("S", seq).getHeaders().getFirst("Nats-Stream-Source");
            assertThat(header).startsWith("O " + seq + " ");
        }
    }

    @Test
    void sourceResumesWhenTheOriginComesBack() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("S")
                .storageType(StorageType.Memory)
                .sources(Source.builder().sourceName("LATER").build())
                .build());
        createStream("LATER", StorageType.Memory, "later.>");
        js.publish("later.x", new byte[] {1});
        await().atMost(WAIT).until(() -> jsm.getStreamInfo("S").getStreamState().getMsgCount() == 1);
        assertThat(jsm.getStreamInfo("S").getSourceInfos().get(0).getError()).isNull();
    }
}
