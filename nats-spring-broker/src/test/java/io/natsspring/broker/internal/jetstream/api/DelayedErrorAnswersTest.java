package io.natsspring.broker.internal.jetstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.internal.jetstream.base.JsApiError;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which errors {@code nats-server} answers late (its {@code sendDelayedAPIErrResponse} calls on a single server). */
@Timeout(30)
class DelayedErrorAnswersTest {

    @Test
    void offlineErrorsOfTheRequestsNatsServerDelays() {
        var stream = JsApiError.STREAM_OFFLINE_REASON.with("stopped");
        var consumer = JsApiError.CONSUMER_OFFLINE_REASON.with("x");
        assertThat(DelayedErrorAnswers.delays("$JS.API.STREAM.INFO.S", stream)).isTrue();
        assertThat(DelayedErrorAnswers.delays("$JS.API.STREAM.UPDATE.S", stream))
                .isTrue();
        assertThat(DelayedErrorAnswers.delays("$JS.API.CONSUMER.CREATE.S.C", stream))
                .isTrue();
        assertThat(DelayedErrorAnswers.delays("$JS.API.CONSUMER.DURABLE.CREATE.S.C", consumer))
                .isTrue();
        assertThat(DelayedErrorAnswers.delays("$JS.API.CONSUMER.INFO.S.C", consumer))
                .isTrue();
        // answered at once by nats-server
        assertThat(DelayedErrorAnswers.delays("$JS.API.STREAM.DELETE.S", stream))
                .isFalse();
        assertThat(DelayedErrorAnswers.delays("$JS.API.STREAM.PURGE.S", stream)).isFalse();
        assertThat(DelayedErrorAnswers.delays("$JS.API.CONSUMER.DELETE.S.C", consumer))
                .isFalse();
        assertThat(DelayedErrorAnswers.delays("$JS.API.CONSUMER.INFO.S.C", stream))
                .isFalse();
        assertThat(DelayedErrorAnswers.delays("$JS.API.STREAM.INFO.S", JsApiError.STREAM_NOT_FOUND.error()))
                .isFalse();
    }

    @Test
    void sendsOnTheTimerAndNeverWithoutOne() throws Exception {
        assertThat(new DelayedErrorAnswers(Runnable::run).schedule(() -> {})).isFalse();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            CountDownLatch sent = new CountDownLatch(1);
            assertThat(new DelayedErrorAnswers(timer).schedule(sent::countDown)).isTrue();
            assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            timer.shutdownNow();
        }
        // a stopped timer drops the answer (as nats-server at shutdown), the caller does not send it either
        AtomicBoolean ran = new AtomicBoolean();
        assertThat(new DelayedErrorAnswers(timer).schedule(() -> ran.set(true))).isTrue();
        assertThat(ran).isFalse();
    }
}
