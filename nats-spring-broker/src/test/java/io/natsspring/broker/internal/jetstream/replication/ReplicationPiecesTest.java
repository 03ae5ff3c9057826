package io.natsspring.broker.internal.jetstream.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import io.natsspring.broker.internal.jetstream.stream.StreamSource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pieces of replication: ack reply parsing, the source header, index names. */
class ReplicationPiecesTest {

    @Test
    void ackRepliesOfBothFormsAreRead() {
        AckReply v1 = AckReply.parse("$JS.ACK.O.JS_SRC_x.1.42.7.1700000000000000000.3");
        assertThat(v1).isEqualTo(new AckReply("JS_SRC_x", 1, 42, 7, 1700000000000000000L, 3));
        AckReply v2 = AckReply.parse("$JS.ACK.hub.ACCHASH.O.C.2.5.6.1700000000000000000.0.rnd");
        assertThat(v2).isEqualTo(new AckReply("C", 2, 5, 6, 1700000000000000000L, 0));
        assertThat(AckReply.parse("_INBOX.x")).isNull();
        assertThat(AckReply.parse("$JS.ACK.O.C.x.1.2.3.4")).isNull();
        assertThat(AckReply.parse(null)).isNull();
    }

    @Test
    void sourceHeaderIsWrittenAndReadAsTheServerDoes() {
        String value = SourceHeader.value("O o.* x.$1", 12, "o.a", null);
        assertThat(value).isEqualTo("O 12 o.* x.$1 o.a");
        assertThat(SourceHeader.parse(value)).isEqualTo(new SourceHeader.Parsed("O", "O o.* x.$1", 12, null));
        assertThat(SourceHeader.parse(value + " IDENT"))
                .isEqualTo(new SourceHeader.Parsed("O", "O o.* x.$1", 12, "IDENT"));
        assertThat(SourceHeader.value("O o.* x.$1", 12, "o.a", "IDENT")).isEqualTo(value + " IDENT");
        assertThat(SourceHeader.parse("O 5")).isEqualTo(new SourceHeader.Parsed("O", null, 5, null));
        assertThat(SourceHeader.parse("garbage")).isNull();
    }

    @Test
    void rewriteDropsExpectationsAndAnEarlierSourceHeader() {
        byte[] block = "NATS/1.0\r\nA: 1\r\nNats-Expected-Stream: O\r\nNats-Stream-Source: X 1 > > x\r\nB: 2\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = SourceHeader.rewrite(block, "O 3 > > o");
        assertThat(new String(out, StandardCharsets.US_ASCII))
                .isEqualTo("NATS/1.0\r\nA: 1\r\nB: 2\r\nNats-Stream-Source: O 3 > > o\r\n\r\n");
        assertThat(NatsHeaders.get(SourceHeader.rewrite(null, "O 1 > > o"), "Nats-Stream-Source"))
                .isEqualTo("O 1 > > o");
        assertThat(SourceHeader.strip(null, false)).isNull();
    }

    @Test
    void indexNamesFollowTheServer() {
        assertThat(StreamSource.of(ApiJson.parseObject("{\"name\":\"O\"}")).indexName())
                .isEqualTo("O > >");
        assertThat(StreamSource.of(ApiJson.parseObject("{\"name\":\"O\",\"filter_subject\":\"o.a\"}"))
                        .indexName())
                .isEqualTo("O o.a >");
        assertThat(StreamSource.of(ApiJson.parseObject(
                                "{\"name\":\"O\",\"subject_transforms\":[{\"src\":\"a.*\",\"dest\":\"b.$1\"},"
                                        + "{\"src\":\"c\",\"dest\":\"\"}]}"))
                        .indexName())
                .isEqualTo("O a.*\fc b.$1\f>");
        String external = StreamSource.of(
                        ApiJson.parseObject("{\"name\":\"O\",\"external\":{\"api\":\"$JS.hub.API\",\"deliver\":\"\"}}"))
                .indexName();
        assertThat(external).matches("O:[0-9A-Za-z]{8} > >");
    }
}
