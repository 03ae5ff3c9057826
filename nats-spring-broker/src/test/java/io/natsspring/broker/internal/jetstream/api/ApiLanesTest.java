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
        assertThat(ApiLane.of("$JS.API.STREAM.MSG.GET.S").kind()).isEqualTo(ApiLane.Kind.STREAM);
        assertThat(ApiLane.of("$JS.API.CONSUMER.INFO.S.C").kind()).isEqualTo(ApiLane.Kind.READ);
        assertThat(ApiLane.of("$JS.API.CONSUMER.NAMES.S").kind()).isEqualTo(ApiLane.Kind.READ);
        assertThat(ApiLane.of("$JS.API.STREAM.CREATE.S")).isEqualTo(new ApiLane(ApiLane.Kind.STREAMS, "S"));
        assertThat(ApiLane.of("$JS.API.STREAM.DELETE.S")).isEqualTo(new ApiLane(ApiLane.Kind.STREAMS, "S"));
        assertThat(ApiLane.of("$JS.API.STREAM.PURGE.S")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.STREAM.MSG.DELETE.S")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.CONSUMER.CREATE.S.C.f.>")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.CONSUMER.DURABLE.CREATE.S.C")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.CONSUMER.DELETE.S.C")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.STREAM.SNAPSHOT.S")).isEqualTo(new ApiLane(ApiLane.Kind.STREAM, "S"));
        assertThat(ApiLane.of("$JS.API.STREAM.RESTORE.S")).isEqualTo(new ApiLane(ApiLane.Kind.STREAMS, "S"));
        assertThat(ApiLane.exclusive().kind()).isEqualTo(ApiLane.Kind.EXCLUSIVE);
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
        lanes.execute(ApiLane.of("$JS.API.CONSUMER.CREATE.C"), () -> done.add("consumer C"));
        lanes.execute(ApiLane.of("$JS.API.STREAM.PURGE.C"), () -> done.add("purge C"));
        lanes.execute(ApiLane.of("$JS.API.STREAM.INFO.C"), () -> done.add("info C"));
        lanes.execute(ApiLane.of("$JS.API.INFO"), () -> done.add("info"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(done).containsExactlyInAnyOrder("consumer C", "purge C", "info C", "info"));
        assertThat(done.indexOf("consumer C")).isLessThan(done.indexOf("purge C"));
        assertThat(done.indexOf("purge C")).isLessThan(done.indexOf("info C"));
        // create B waits in the account's lane, consumer A for create A (neither holds a thread)
        assertThat(lanes.queued()).isEqualTo(2);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 7);
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
        lanes.execute(ApiLane.of("$JS.API.STREAM.PURGE.B"), () -> done.add("purge B"));
        lanes.execute(ApiLane.of("$JS.API.STREAM.INFO.B"), () -> done.add("info B"));
        lanes.execute(ApiLane.of("$JS.API.INFO"), () -> done.add("info"));
        // the exclusive request waits for the running purge, everything on a stream waits for the exclusive one
        await().atMost(Duration.ofSeconds(10)).until(() -> done.contains("info"));
        assertThat(lanes.queued()).isEqualTo(3);
        assertThat(lanes.queuedReads()).isEqualTo(1);
        assertThat(lanes.dropQueuedReads()).isEqualTo(1);
        assertThat(lanes.dropQueuedAdmin()).isEqualTo(2);
        assertThat(lanes.queued()).isZero();
        release.countDown();
        lanes.execute(ApiLane.of("$JS.API.STREAM.PURGE.B"), () -> done.add("purge B again"));
        await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 3);
        assertThat(done.get(0)).isEqualTo("info");
        assertThat(done).containsExactlyInAnyOrder("info", "purge A", "purge B again");
    }

    @Test
    void pipelinedRequestsOnAStreamRunInArrivalOrder() {
        List<String> done = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            String n = String.valueOf(i);
            lanes.execute(ApiLane.of("$JS.API.STREAM.CREATE.S" + n), () -> done.add("create " + n));
            lanes.execute(ApiLane.of("$JS.API.CONSUMER.CREATE.S" + n), () -> done.add("consumer " + n));
            lanes.execute(ApiLane.of("$JS.API.CONSUMER.LIST.S" + n), () -> done.add("list " + n));
            lanes.execute(ApiLane.of("$JS.API.STREAM.DELETE.S" + n), () -> done.add("delete " + n));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> done.size() == 200);
        for (int i = 0; i < 50; i++) {
            int create = done.indexOf("create " + i);
            int consumer = done.indexOf("consumer " + i);
            int list = done.indexOf("list " + i);
            int delete = done.indexOf("delete " + i);
            assertThat(create).isLessThan(consumer);
            assertThat(consumer).isLessThan(list);
            assertThat(list).isLessThan(delete);
        }
        assertThat(lanes.queued()).isZero();
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
