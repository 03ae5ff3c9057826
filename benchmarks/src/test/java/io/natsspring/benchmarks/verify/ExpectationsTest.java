package io.natsspring.benchmarks.verify;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    private static SequenceTracker received(String name, long... seqs) {
        SequenceTracker t = new SequenceTracker(name);
        for (long s : seqs) {
            t.record(s);
        }
        return t;
    }

    @Test
    void fanOutPassesOnlyWhenEveryReceiverGotEverythingOnceInOrder() {
        assertThatCode(() ->
                        Expectations.eachReceivedAllInOrder(3, List.of(received("a", 1, 2, 3), received("b", 1, 2, 3))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Expectations.eachReceivedAllInOrder(3, List.of(received("a", 1, 3))))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("first missing sequence 2");
        assertThatThrownBy(() -> Expectations.eachReceivedAllInOrder(3, List.of(received("a", 1, 2, 2, 3))))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("duplicates");
        assertThatThrownBy(() -> Expectations.eachReceivedAllInOrder(3, List.of(received("a", 1, 3, 2))))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> Expectations.eachReceivedAllInOrder(1, List.of(received("a", -1))))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void queueGroupPassesOnlyWhenEachMessageWentToExactlyOneMember() {
        assertThatCode(() -> Expectations.exactlyOnceAcross(4, List.of(received("a", 1, 4), received("b", 2, 3))))
                .doesNotThrowAnyException();
        assertThatThrownBy(
                        () -> Expectations.exactlyOnceAcross(4, List.of(received("a", 1, 2, 4), received("b", 2, 3))))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("sequence 2")
                .hasMessageContaining("b");
        assertThatThrownBy(() -> Expectations.exactlyOnceAcross(4, List.of(received("a", 1), received("b", 2, 3))))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("first missing sequence 4");
    }
}
