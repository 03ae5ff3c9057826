package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.PurgeOptions;
import io.nats.client.api.MessageGetRequest;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PurgeResponse;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamMessagesTest extends JetStreamTestSupport {

    private void fill(String stream, boolean direct) throws Exception {
        jsm.addStream(StreamConfiguration.builder()
                .name(stream)
                .subjects("g.*")
                .storageType(StorageType.File)
                .allowDirect(direct)
                .build());
        js.publish(NatsMessage.builder()
                .subject("g.a")
                .headers(new Headers().put("X-Test", "1"))
                .data("a1")
                .build());
        js.publish("g.b", "b1".getBytes());
        js.publish("g.a", "a2".getBytes());
        js.publish("g.b", new byte[0]);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void getMessageVariants(boolean direct) throws Exception {
        startAndConnect();
        fill("G", direct);
        MessageInfo m1 = jsm.getMessage("G", 1);
        assertThat(m1.getSubject()).isEqualTo("g.a");
        assertThat(m1.getSeq()).isEqualTo(1);
        assertThat(new String(m1.getData(), StandardCharsets.UTF_8)).isEqualTo("a1");
        assertThat(m1.getHeaders().getFirst("X-Test")).isEqualTo("1");
        assertThat(m1.getTime()).isNotNull();
        if (direct) {
            assertThat(m1.getStream()).isEqualTo("G");
        }
        assertThat(jsm.getLastMessage("G", "g.a").getSeq()).isEqualTo(3);
        if (!direct) {
            // direct: jnats publishes to $JS.API.DIRECT.GET.G.g.* which the core broker refuses (see report)
            assertThat(jsm.getLastMessage("G", "g.*").getSeq()).isEqualTo(4);
        }
        assertThat(jsm.getFirstMessage("G", "g.b").getSeq()).isEqualTo(2);
        assertThat(jsm.getNextMessage("G", 3, "g.b").getSeq()).isEqualTo(4);
        MessageInfo empty = jsm.getMessage("G", 4);
        assertThat(empty.getData() == null || empty.getData().length == 0).isTrue();
        assertThat(jsm.getMessage("G", MessageGetRequest.forSequence(2)).getSubject())
                .isEqualTo("g.b");
        apiError(10037, () -> jsm.getMessage("G", 99));
        apiError(10037, () -> jsm.getLastMessage("G", "g.zzz"));
        apiError(10037, () -> jsm.getNextMessage("G", 5, "g.a"));
        if (!direct) {
            apiError(10059, () -> jsm.getMessage("NOPE", 1));
        }
    }

    @Test
    void directGetRawReplies() throws Exception {
        startAndConnect();
        fill("DG", true);
        var reply = nc.request("$JS.API.DIRECT.GET.DG.g.b", null, Duration.ofSeconds(2));
        assertThat(reply.getHeaders().getFirst("Nats-Stream")).isEqualTo("DG");
        assertThat(reply.getHeaders().getFirst("Nats-Sequence")).isEqualTo("4");
        assertThat(reply.getHeaders().getFirst("Nats-Subject")).isEqualTo("g.b");
        assertThat(reply.getHeaders().getFirst("Nats-Time-Stamp")).endsWith("Z");
        var missing = nc.request("$JS.API.DIRECT.GET.DG", "{\"seq\":77}".getBytes(), Duration.ofSeconds(2));
        assertThat(missing.isStatusMessage()).isTrue();
        assertThat(missing.getStatus().getCode()).isEqualTo(404);
        var bad = nc.request(
                "$JS.API.DIRECT.GET.DG", "{\"seq\":1,\"last_by_subj\":\"g.a\"}".getBytes(), Duration.ofSeconds(2));
        assertThat(bad.getStatus().getCode()).isEqualTo(408);
        var empty = nc.request("$JS.API.DIRECT.GET.DG", new byte[0], Duration.ofSeconds(2));
        assertThat(empty.getStatus().getCode()).isEqualTo(408);
        // 2.11+: an options body is allowed, selecting fields in it are not
        var withBody = nc.request("$JS.API.DIRECT.GET.DG.g.a", "{}".getBytes(), Duration.ofSeconds(2));
        assertThat(withBody.getHeaders().getFirst("Nats-Subject")).isEqualTo("g.a");
        var withBatch = nc.request("$JS.API.DIRECT.GET.DG.g.a", "{\"batch\":2}".getBytes(), Duration.ofSeconds(2));
        assertThat(withBatch.getStatus().getCode()).isEqualTo(408);
    }

    @Test
    void purgeVariants() throws Exception {
        startAndConnect();
        createStream("P", StorageType.File, "p.*");
        for (int i = 1; i <= 10; i++) {
            js.publish(i % 2 == 0 ? "p.even" : "p.odd", new byte[0]);
        }
        PurgeResponse r = jsm.purgeStream("P", PurgeOptions.subject("p.even"));
        assertThat(r.isSuccess()).isTrue();
        assertThat(r.getPurged()).isEqualTo(5);
        assertThat(jsm.purgeStream(
                                "P",
                                PurgeOptions.builder().subject("p.odd").keep(2).build())
                        .getPurged())
                .isEqualTo(3);
        for (int i = 0; i < 5; i++) {
            js.publish("p.even", new byte[0]);
        }
        // remaining: odd 7,9 and even 11..15; purge everything below 12
        assertThat(jsm.purgeStream("P", PurgeOptions.builder().sequence(12).build())
                        .getPurged())
                .isEqualTo(3);
        assertThat(jsm.purgeStream("P", PurgeOptions.builder().keep(1).build()).getPurged())
                .isEqualTo(3);
        assertThat(jsm.getStreamInfo("P").getStreamState().getMsgCount()).isEqualTo(1);
        assertThat(jsm.purgeStream("P").getPurged()).isEqualTo(1);
        var st = jsm.getStreamInfo("P").getStreamState();
        assertThat(st.getMsgCount()).isZero();
        assertThat(st.getFirstSequence()).isEqualTo(16);
        assertThat(js.publish("p.odd", new byte[0]).getSeqno()).isEqualTo(16);
        assertThat(new String(
                        nc.request("$JS.API.STREAM.PURGE.P", "{\"seq\":3,\"keep\":1}".getBytes(), Duration.ofSeconds(2))
                                .getData()))
                .contains("\"err_code\":10003");
        apiError(10059, () -> jsm.purgeStream("NOPE"));

        jsm.addStream(StreamConfiguration.builder()
                .name("DP")
                .storageType(StorageType.Memory)
                .denyPurge(true)
                .build());
        apiError(10110, () -> jsm.purgeStream("DP"));
    }

    @Test
    void deleteMessageWithAndWithoutErase() throws Exception {
        startAndConnect();
        createStream("M", StorageType.File, "m");
        for (int i = 0; i < 4; i++) {
            js.publish("m", ("x" + i).getBytes());
        }
        assertThat(jsm.deleteMessage("M", 2)).isTrue();
        assertThat(jsm.deleteMessage("M", 3, false)).isTrue();
        apiError(10043, () -> jsm.deleteMessage("M", 2));
        apiError(10037, () -> jsm.getMessage("M", 2));
        var st = jsm.getStreamInfo("M").getStreamState();
        assertThat(st.getMsgCount()).isEqualTo(2);
        assertThat(st.getDeletedCount()).isEqualTo(2);

        jsm.addStream(StreamConfiguration.builder()
                .name("DD")
                .storageType(StorageType.Memory)
                .denyDelete(true)
                .build());
        js.publish("DD", new byte[0]);
        apiError(10057, () -> jsm.deleteMessage("DD", 1));
    }
}
