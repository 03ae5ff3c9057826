package io.natsspring.broker.internal.jetstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ApiLane} classification and {@link ApiLanes} ordering, exclusion and dropping, without a broker. */
@Timeout(30)
class ApiLanesTest {

    private final ApiLanes lanes = new ApiLanes();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        lanes.shutdown(5);
    }

    @Test
    void classifiesSubjects() {
        assertThat(ApiLane.of("$JS.API.INFO").kind()).isEqualTo(ApiLane.Kind.READ);
        assertThat(ApiLane.of("$JS.API.STREAM.INFO.S").kind()).isEqualTo(ApiLane.Kind.READ);
        assertThat(ApiLane.of("$JS.API.STREAM.NAMES").kind()).isEqualTo(ApiLane.Kind.READ);
        assertThat(ApiLane.of("$JS.API.STREAM.LIST").kind()).isEqualTo(ApiLane.Kind.READ);
        assertThat(ApiLane.of("$JS.API.STREAM.MSG.GET.S").kind()).isEqualTo(ApiLane.Kind.READ);
        assertThat(ApiLane.of("$JS.API.CONSUMER.INFO.S.C").kind()).isEqualTo(ApiLane.Kind.READ);
        assertThat(ApiLane.of("$JS.API.CONSUMER.NAMES.S").kind()).isEqualTo(ApiLane.Kind.READ);
        assertThat(ApiLane.of("$JS.API.STREAM.CREATE.S")).isEqualTo(new ApiLane(ApiLane.Kind.STREAMS, "S"));
        assertThat(ApiLane.of("$JS.API.STREAM.DELETE.S")).isEqualTo(new ApiLane(ApiLane.Kind.STREAMS, "S"));
        assertThat(ApiLane.of("$JS.API.STREAM.PURGE.S")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.STREAM.MSG.DELETE.S")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.CONSUMER.CREATE.S.C.f.>")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.CONSUMER.DURABLE.CREATE.S.C")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.CONSUMER.DELETE.S.C")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.STREAM.SNAPSHOT.S").kind()).isEqualTo(ApiLane.Kind.EXCLUSIVE);
        assertThat(ApiLane.of("$JS.API.STREAM.INFO").kind()).isEqualTo(ApiLane.Kind.EXCLUSIVE);
        assertThat(ApiLane.of("$JS.API.SERVER.REMOVE").kind()).isEqualTo(ApiLane.Kind.EXCLUSIVE);
    }

    @Test
    void heldStreamCreateDelaysOnlyItsLaneAndItsStream() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch held = new CountDownLatch(1);
        lanes.execute(ApiLane.of("$JS.API.STREAM.CREATE.A"), () -> {
            held.countDown();
            waitFor(release);
            done.add("create A");
        });
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        lanes.execute(ApiLane.of("$JS.API.STREAM.CREATE.B"), () -> done.add("create B"));
        lanes.execute(ApiLane.of("$JS.API.CONSUMER.CREATE.A"), () -> done.add("consumer A"));
        lanes.execute(ApiLane.of("$JS.API.CONSUMER.CREATE.B"), () -> done.add("consumer B"));
        lanes.execute(ApiLane.of("$JS.API.STREAM.PURGE.B"), () -> done.add("purge B"));
        lanes.execute(ApiLane.of("$JS.API.INFO"), () -> done.add("info"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(done).containsExactlyInAnyOrder("consumer B", "purge B", "info"));
        assertThat(done.indexOf("consumer B")).isLessThan(done.indexOf("purge B"));
        // create B waits in the account's lane; consumer A has started and waits for stream A
        await().atMost(Duration.ofSeconds(10)).until(() -> lanes.queued() == 1);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 6);
        assertThat(done.indexOf("create A")).isLessThan(done.indexOf("create B"));
        assertThat(done.indexOf("create A")).isLessThan(done.indexOf("consumer A"));
    }

    @Test
    void exclusiveRequestWaitsForRunningOnesAndDropClearsTheQueue() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch held = new CountDownLatch(1);
        lanes.execute(ApiLane.of("$JS.API.STREAM.PURGE.A"), () -> {
            held.countDown();
            waitFor(release);
            done.add("purge A");
        });
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        lanes.execute(ApiLane.of("$JS.API.SOMETHING.NEW"), () -> done.add("exclusive"));
        lanes.execute(ApiLane.of("$JS.API.STREAM.PURGE.A"), () -> done.add("purge A again"));
        // the exclusive request has started and waits for the running purge; the second purge is queued
        await().atMost(Duration.ofSeconds(10)).until(() -> lanes.queued() == 1);
        assertThat(lanes.dropQueued()).isEqualTo(1);
        assertThat(lanes.queued()).isZero();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 2);
        assertThat(done).containsExactly("purge A", "exclusive");
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
