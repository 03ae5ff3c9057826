package io.natsspring.boot.autoconfigure.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.boot.autoconfigure.listener.NatsListenerAutoConfiguration;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A dead-letter subject that no stream captures fails startup with a hint, not at the first dead letter. */
class DeadLetterSubjectsCheckTest {

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsListenerAutoConfiguration.class))
                .withPropertyValues(
                        "nats.jetstream.streams[0].name=ORDERS", "nats.jetstream.streams[0].subjects=orders.*")
                .withUserConfiguration(OrdersListener.class);
    }

    @Test
    void listenerDeadLetterSubjectWithoutAStreamFailsStartup() {
        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasRootCauseInstanceOf(DeadLetterSubjectNotCapturedException.class)
                    .rootCause()
                    .hasMessageContaining("'failed.orders'")
                    .hasMessageContaining("listener 'orders'")
                    .hasMessageContaining("nats.jetstream.streams[n].subjects=failed.orders");
        });
    }

    @Test
    void listenerDeadLetterSubjectCapturedByADeclaredStreamStarts() {
        runner().withPropertyValues(
                        "nats.jetstream.streams[1].name=FAILED", "nats.jetstream.streams[1].subjects=failed.>")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void coversComparesSubjectPatterns() {
        assertThat(DeadLetterSubjectsCheck.covers("dlq.>", "dlq.>")).isTrue();
        assertThat(DeadLetterSubjectsCheck.covers(">", "dlq.>")).isTrue();
        assertThat(DeadLetterSubjectsCheck.covers("*.>", "dlq.>")).isTrue();
        assertThat(DeadLetterSubjectsCheck.covers("dlq.*", "dlq.>")).isFalse();
        assertThat(DeadLetterSubjectsCheck.covers("dlq.orders.>", "dlq.>")).isFalse();
        assertThat(DeadLetterSubjectsCheck.covers("other.>", "dlq.>")).isFalse();
        assertThat(DeadLetterSubjectsCheck.covers("dlq", "dlq.>")).isFalse();
    }

    static class OrdersListener {

        @JetStreamConsumer(id = "orders", stream = "ORDERS", durable = "processor", deadLetter = "failed.orders")
        void onOrder(String order) {}
    }
}
