package io.natsspring.annotation.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.annotation.NonRetryable;
import io.natsspring.annotation.listener.ListenerExecutionFailedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.GenericMessage;

class FailurePoliciesTests {

    @NonRetryable
    static class PoisonException extends RuntimeException {}

    static class SubPoisonException extends PoisonException {}

    @Test
    void backoffUsesTheNthDelayAndRepeatsTheLast() {
        BackoffRetryPolicy policy = new BackoffRetryPolicy(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        RuntimeException failure = new RuntimeException();
        assertThat(policy.nakDelay(1, failure)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.nakDelay(2, failure)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.nakDelay(9, failure)).isEqualTo(Duration.ofSeconds(5));
        assertThat(new BackoffRetryPolicy(List.of()).nakDelay(3, failure)).isZero();
    }

    @Test
    void classifiesByAnnotationConfiguredTypesAndDefaultsAlongTheCauseChain() {
        NonRetryableClassifier classifier = new NonRetryableClassifier();
        assertThat(classifier.isNonRetryable(new SubPoisonException())).isTrue();
        assertThat(classifier.isNonRetryable(wrapped(new PoisonException()))).isTrue();
        assertThat(classifier.isNonRetryable(new MessageConversionException("bad json")))
                .isTrue();
        assertThat(classifier.isNonRetryable(new IllegalArgumentException())).isFalse();

        classifier.addNonRetryableExceptions(IllegalArgumentException.class);
        assertThat(classifier.isNonRetryable(wrapped(new IllegalArgumentException())))
                .isTrue();
        classifier.removeNonRetryableExceptions(MessageConversionException.class);
        assertThat(classifier.isNonRetryable(new MessageConversionException("bad json")))
                .isFalse();
    }

    private static ListenerExecutionFailedException wrapped(Throwable cause) {
        return new ListenerExecutionFailedException("id", new GenericMessage<>(new byte[0]), cause);
    }
}
