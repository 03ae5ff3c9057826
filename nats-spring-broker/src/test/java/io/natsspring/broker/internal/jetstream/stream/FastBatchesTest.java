package io.natsspring.broker.internal.jetstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.internal.jetstream.base.JsApiError;
import org.junit.jupiter.api.Test;

/** The fast-batch reply subject ({@code <prefix>.<id>.<flow>.<gap>.<seq>.<op>.$FI}) as nats-server reads it. */
class FastBatchesTest {

    @Test
    void readsTheBatchFromTheReplySubject() {
        FastBatches.Op op = FastBatches.parse("_INBOX.abc.b1.100.ok.7.1.$FI");
        assertThat(op).isEqualTo(new FastBatches.Op("b1", 7, 100, true, 1));
        assertThat(op.commit()).isFalse();
        assertThat(FastBatches.parse("p.b1.10.fail.1.0.$FI").gapOk()).isFalse();
        assertThat(FastBatches.parse("p.b1.10.fail.1.2.$FI").commit()).isTrue();
        assertThat(FastBatches.parse("p.b1.10.fail.2.3.$FI").eob()).isTrue();
        assertThat(FastBatches.parse("p.b1.10.fail.9.4.$FI").ping()).isTrue();
    }

    @Test
    void flowOutsideItsRangeIsClamped() {
        assertThat(FastBatches.parse("p.b.0.ok.1.0.$FI").flow()).isEqualTo(10);
        assertThat(FastBatches.parse("p.b.x.ok.1.0.$FI").flow()).isEqualTo(10);
        assertThat(FastBatches.parse("p.b.70000.ok.1.0.$FI").flow()).isEqualTo(65535);
    }

    @Test
    void notAFastBatchWithoutTheSuffix() {
        assertThat(FastBatches.parse("_INBOX.abc")).isNull();
        assertThat(FastBatches.parse(".$FI")).isNull();
        assertThat(FastBatches.parse("p.b.10.ok.1.0.$FIX")).isNull();
    }

    @Test
    void brokenPatternsAreInvalid() {
        for (String reply : new String[] {
            "x.$FI",
            "b.10.ok.1.0.$FI",
            "p.b.10.maybe.1.0.$FI",
            "p.b.10.ok.0.1.$FI",
            "p.b.10.ok.2.0.$FI",
            "p.b.10.ok.1.1.$FI",
            "p.b.10.ok.1.3.$FI",
            "p.b.10.ok.1.5.$FI",
            "p.b.10.ok.x.1.$FI",
            "p.b.10.ok.18446744073709551615.1.$FI",
            "p.b.10.ok.18446744073709551616.1.$FI",
        }) {
            assertThat(FastBatches.parse(reply)).as(reply).isSameAs(FastBatches.INVALID);
        }
        assertThat(FastBatches.parse("p.b.10.ok.18446744073709551614.1.$FI").seq())
                .isEqualTo(-2L);
    }

    @Test
    void flowMessagesAreNatsServersJson() {
        assertThat(new String(FastBatches.flowAck(10, 15))).isEqualTo("{\"type\":\"ack\",\"seq\":10,\"msgs\":15}");
        assertThat(new String(FastBatches.gap(10, 15))).isEqualTo("{\"type\":\"gap\",\"last_seq\":10,\"seq\":15}");
        assertThat(new String(FastBatches.flowError(10, JsApiError.STREAM_WRONG_LAST_SEQUENCE.with(1))))
                .isEqualTo("{\"type\":\"err\",\"seq\":10,\"error\":{\"code\":400,\"err_code\":10071,"
                        + "\"description\":\"wrong last sequence: 1\"}}");
    }
}
