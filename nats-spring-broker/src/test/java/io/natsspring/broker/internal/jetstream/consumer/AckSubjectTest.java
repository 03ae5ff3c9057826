package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link AckSubject}: reads what {@code split("\\.")} into nine tokens and {@code Long.parseLong} read before. */
class AckSubjectTest {

    private final AckSubject subject = new AckSubject();

    @Test
    void readsTheConsumerAndTheThreeNumbers() {
        assertThat(subject.parse("$JS.ACK.ORDERS.worker.3.1042.77.1765150000000000000.12"))
                .isTrue();
        assertThat(subject.consumer()).isEqualTo("worker");
        assertThat(subject.deliveryCount()).isEqualTo(3);
        assertThat(subject.streamSeq()).isEqualTo(1042);
        assertThat(subject.consumerSeq()).isEqualTo(77);
    }

    @Test
    void isReusedSubjectAfterSubject() {
        assertThat(subject.parse("$JS.ACK.S.a.1.2.3.4.5")).isTrue();
        assertThat(subject.parse("$JS.ACK.S.bb.6.7.8.9.10")).isTrue();
        assertThat(subject.consumer()).isEqualTo("bb");
        assertThat(subject.streamSeq()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$JS.ACK.S.c.1.2.3.4.5",
                "$JS.ACK.S.c.1.2.3.4.5.",
                "$JS.ACK.S.c.1.2.3.4.5..",
                "$JS.ACK.S.c.+1.2.3.4.5",
                "$JS.ACK.S.c.-1.2.3.4.5",
                "$JS.ACK.S.c.1.2.3..",
                "$JS.ACK.S.c.1.2.3.4.5.6",
                "$JS.ACK.S.c.1.2.3.4",
                "$JS.ACK.S.c.x.2.3.4.5",
                "$JS.ACK.S.c.1.2.99999999999999999999.4.5",
                "$JS.ACK.S..1.2.3.4.5",
                "$JS.ACK.S.c.1..3.4.5",
                ".JS.ACK.S.c.1.2.3.4",
                ""
            })
    void acceptsExactlyWhatSplittingAcceptedBefore(String s) {
        String[] tokens = s.split("\\.");
        boolean before = tokens.length == AckSubject.TOKENS;
        if (before) {
            try {
                long count = Long.parseLong(tokens[4]);
                long sseq = Long.parseLong(tokens[5]);
                long dseq = Long.parseLong(tokens[6]);
                assertThat(subject.parse(s)).as(s).isTrue();
                assertThat(subject.consumer()).isEqualTo(tokens[3]);
                assertThat(subject.deliveryCount()).isEqualTo(count);
                assertThat(subject.streamSeq()).isEqualTo(sseq);
                assertThat(subject.consumerSeq()).isEqualTo(dseq);
                return;
            } catch (NumberFormatException e) {
                before = false;
            }
        }
        assertThat(subject.parse(s)).as(s).isFalse();
    }
}
