package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.ConsumerPauseResponse;
import io.nats.client.api.StorageType;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Consumer pause ({@code pause_until}, {@code CONSUMER.PAUSE}, pause advisories) through jnats. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsumerPauseTest extends JetStreamTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JetStreamSubscription pull(String durable) throws Exception {
        return js.subscribe(null, PullSubscribeOptions.bind("Q", durable));
    }

    @Test
    void pausedConsumerDeliversNothingUntilTheDeadlineAndAnnouncesBothEnds() throws Exception {
        startAndConnect();
        createStream("Q", StorageType.Memory, "q.>");
        Subscription advisories = nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.PAUSE.Q.D");
        nc.flush(Duration.ofSeconds(2));
        jsm.addOrUpdateConsumer(
                "Q",
                ConsumerConfiguration.builder()
                        .durable("D")
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
        js.publish("q.1", "one".getBytes());
        ZonedDateTime until = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2);
        ConsumerPauseResponse r = jsm.pauseConsumer("Q", "D", until);
        assertThat(r.isPaused()).isTrue();
        assertThat(r.getPauseUntil().toInstant()).isEqualTo(until.toInstant());
        assertThat(r.getPauseRemaining()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
        ConsumerInfo ci = jsm.getConsumerInfo("Q", "D");
        assertThat(ci.getPaused()).isTrue();
        assertThat(ci.getPauseRemaining()).isPositive();
        assertThat(ci.getConsumerConfiguration().getPauseUntil().toInstant()).isEqualTo(until.toInstant());

        JsonNode paused =
                JSON.readTree(advisories.nextMessage(Duration.ofSeconds(5)).getData());
        assertThat(paused.path("type").asString()).isEqualTo("io.nats.jetstream.advisory.v1.consumer_pause");
        assertThat(paused.path("paused").asBoolean()).isTrue();
        assertThat(paused.path("stream").asString()).isEqualTo("Q");
        assertThat(paused.path("consumer").asString()).isEqualTo("D");

        JetStreamSubscription sub = pull("D");
        assertThat(sub.fetch(1, Duration.ofMillis(500))).isEmpty();
        // the pause ends by itself: the resume advisory comes and delivery starts again
        JsonNode resumed =
                JSON.readTree(advisories.nextMessage(Duration.ofSeconds(10)).getData());
        assertThat(resumed.path("paused").asBoolean()).isFalse();
        List<Message> got = sub.fetch(1, Duration.ofSeconds(5));
        assertThat(got).hasSize(1);
        assertThat(new String(got.get(0).getData(), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(jsm.getConsumerInfo("Q", "D").getPaused()).isFalse();
    }

    @Test
    void resumeAndCreatePausedAndUpdatesKeepThePause() throws Exception {
        startAndConnect();
        createStream("Q", StorageType.File, "q.>");
        js.publish("q.1", "one".getBytes());
        ZonedDateTime later = ZonedDateTime.now(ZoneOffset.UTC).plusHours(1);
        ConsumerConfiguration cc = ConsumerConfiguration.builder()
                .durable("P")
                .ackPolicy(AckPolicy.Explicit)
                .pauseUntil(later)
                .build();
        ConsumerInfo created = jsm.addOrUpdateConsumer("Q", cc);
        assertThat(created.getPaused()).isTrue();
        // an update may not change the pause: the configured one stays
        ConsumerInfo updated = jsm.addOrUpdateConsumer(
                "Q",
                ConsumerConfiguration.builder(cc)
                        .pauseUntil(null)
                        .description("changed")
                        .build());
        assertThat(updated.getPaused()).isTrue();
        JetStreamSubscription sub = pull("P");
        assertThat(sub.fetch(1, Duration.ofMillis(300))).isEmpty();
        assertThat(jsm.resumeConsumer("Q", "P")).isTrue();
        assertThat(jsm.getConsumerInfo("Q", "P").getPaused()).isFalse();
        assertThat(sub.fetch(1, Duration.ofSeconds(5))).hasSize(1);
        // the pause survives a restart of a file consumer
        jsm.pauseConsumer("Q", "P", later);
        nc.close();
        broker.close();
        startAndConnect();
        ConsumerInfo restored = jsm.getConsumerInfo("Q", "P");
        assertThat(restored.getPaused()).isTrue();
        assertThat(restored.getConsumerConfiguration().getPauseUntil().toInstant())
                .isEqualTo(later.toInstant());
    }

    @Test
    void pausingAnUnknownConsumerFails() throws Exception {
        startAndConnect();
        createStream("Q", StorageType.Memory, "q.>");
        String reply = new String(
                nc.request("$JS.API.CONSUMER.PAUSE.Q.NOPE", new byte[0], Duration.ofSeconds(5))
                        .getData(),
                StandardCharsets.UTF_8);
        assertThat(reply)
                .isEqualTo("{\"type\":\"io.nats.jetstream.api.v1.consumer_pause_response\",\"error\":{\"code\":404,"
                        + "\"err_code\":10014,\"description\":\"consumer not found\"},\"paused\":false,"
                        + "\"pause_until\":\"0001-01-01T00:00:00Z\"}");
    }
}
