package io.natsspring.annotation;

import static io.natsspring.annotation.testsupport.JetStreamFixtures.publish;
import static io.natsspring.annotation.testsupport.JetStreamFixtures.recreateStream;
import static io.natsspring.annotation.testsupport.JetStreamFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.nats.client.impl.NatsMessage;
import io.natsspring.annotation.config.NatsListenerConfigurer;
import io.natsspring.annotation.jetstream.Acknowledgment;
import io.natsspring.annotation.jetstream.DeadLetterPublisher;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.annotation.metrics.MicrometerListenerMetrics;
import io.natsspring.annotation.support.NatsMessageHeaders;
import io.natsspring.annotation.testsupport.JetStreamFixtures;
import io.natsspring.annotation.testsupport.ListenerContexts;
import io.natsspring.annotation.testsupport.TestServer;
import io.natsspring.test.utils.NatsTestUtils;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * {@code @JetStreamConsumer} end to end; each subclass names the JetStream server (a real {@code nats-server}, the
 * embedded broker) the same tests run against.
 */
abstract class JetStreamConsumerTests {

    /** The server to run against; may start it on first use. */
    protected abstract TestServer server();

    private AnnotationConfigApplicationContext start(Class<?>... components) {
        return ListenerContexts.start(server(), components);
    }

    private Connection admin() {
        return ListenerContexts.connect(server().url());
    }

    // ---------------------------------------------------------------- ack on success, metadata, stream lookup

    @Component
    static class AckingListener {

        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @JetStreamConsumer(durable = "acking", filterSubject = "js.ack.orders")
        void handle(
                String payload,
                NatsJetStreamMetaData meta,
                @Header(NatsMessageHeaders.DELIVERED_COUNT) long delivered,
                @Header(NatsMessageHeaders.STREAM_SEQUENCE) long sequence,
                @Subject String subject) {
            seen.add(payload + "|" + meta.getStream() + "|" + delivered + "|" + sequence + "|" + subject);
        }
    }

    @Test
    void acksOnReturnAndBindsMetadata() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "ACK", "js.ack.>");
            try (AnnotationConfigApplicationContext context = start(AckingListener.class)) {
                publish(admin, "js.ack.orders", "a");
                publish(admin, "js.ack.orders", "b");
                AckingListener listener = context.getBean(AckingListener.class);
                assertThat(listener.seen.poll(3, TimeUnit.SECONDS)).isEqualTo("a|ACK|1|1|js.ack.orders");
                assertThat(listener.seen.poll(3, TimeUnit.SECONDS)).isEqualTo("b|ACK|1|2|js.ack.orders");
                await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                    var info = JetStreamFixtures.consumer(admin, "ACK", "acking");
                    assertThat(info.getNumAckPending()).isZero();
                    assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(2);
                });
            }
        }
    }

    // ---------------------------------------------------------------- consumers exist before traffic starts

    @Component
    static class InterestListener {

        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @JetStreamConsumer(stream = "EARLY", durable = "early", filterSubject = "js.early.orders")
        void handle(String payload) {
            seen.add(payload);
        }
    }

    /** Publishes while the context starts: after the consumers are declared, before the listeners run. */
    @Component
    static class EarlyPublisher implements org.springframework.context.SmartLifecycle {

        private final Connection connection;
        private volatile boolean running;

        EarlyPublisher(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void start() {
            try {
                publish(connection, "js.early.orders", "published-before-listeners-started");
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Integer.MAX_VALUE - 2048; // where a web server starts taking requests
        }
    }

    @Test
    void durableConsumersExistBeforeTheWebServerPhaseSoInterestStreamsKeepEarlyMessages() throws Exception {
        try (Connection admin = admin()) {
            var jsm = admin.jetStreamManagement();
            try {
                jsm.deleteStream("EARLY");
            } catch (io.nats.client.JetStreamApiException notThere) {
                // first run
            }
            jsm.addStream(io.nats.client.api.StreamConfiguration.builder()
                    .name("EARLY")
                    .subjects("js.early.>")
                    .retentionPolicy(io.nats.client.api.RetentionPolicy.Interest)
                    .storageType(io.nats.client.api.StorageType.Memory)
                    .build());
            try (AnnotationConfigApplicationContext context = start(InterestListener.class, EarlyPublisher.class)) {
                InterestListener listener = context.getBean(InterestListener.class);
                assertThat(listener.seen.poll(3, TimeUnit.SECONDS)).isEqualTo("published-before-listeners-started");
            }
        }
    }

    // ---------------------------------------------------------------- retry with backoff, then dead letter

    @Component
    static class RetryingListener {

        final List<Long> attempts = new CopyOnWriteArrayList<>();

        @JetStreamConsumer(
                stream = "RETRY",
                durable = "retrying",
                filterSubject = "js.retry.orders",
                backoff = {"200ms", "400ms"},
                maxDeliver = "3",
                deadLetter = "js.dlq.retry")
        void handle(String payload) {
            attempts.add(System.nanoTime());
            throw new IllegalStateException("downstream unavailable for " + payload);
        }
    }

    @Test
    void redeliversWithBackoffThenDeadLettersWithFailureHeaders() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "RETRY", "js.retry.>");
            recreateStream(admin, "DLQ_RETRY", "js.dlq.retry");
            try (AnnotationConfigApplicationContext context = start(RetryingListener.class)) {
                admin.jetStream()
                        .publish(NatsMessage.builder()
                                .subject("js.retry.orders")
                                .headers(new Headers().put("X-Trace", "t-1"))
                                .data("order-9")
                                .build());
                RetryingListener listener = context.getBean(RetryingListener.class);
                Message dead = nextDeadLetter(admin, "DLQ_RETRY", "js.dlq.retry");
                assertThat(text(dead)).isEqualTo("order-9");
                assertThat(dead.getHeaders().getFirst("X-Trace")).isEqualTo("t-1");
                assertThat(dead.getHeaders().getFirst(DeadLetterPublisher.REASON))
                        .isEqualTo("max_deliveries");
                assertThat(dead.getHeaders().getFirst(DeadLetterPublisher.DELIVERED))
                        .isEqualTo("3");
                assertThat(dead.getHeaders().getFirst(DeadLetterPublisher.EXCEPTION))
                        .isEqualTo(IllegalStateException.class.getName());
                assertThat(dead.getHeaders().getFirst(DeadLetterPublisher.ERROR))
                        .contains("order-9");
                assertThat(dead.getHeaders().getFirst(DeadLetterPublisher.SUBJECT))
                        .isEqualTo("js.retry.orders");
                assertThat(dead.getHeaders().getFirst(DeadLetterPublisher.STREAM))
                        .isEqualTo("RETRY");

                List<Long> attempts = listener.attempts;
                assertThat(attempts).hasSize(3);
                assertThat(millisBetween(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(180);
                assertThat(millisBetween(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(380);
                await().atMost(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThat(JetStreamFixtures.consumer(admin, "RETRY", "retrying")
                                        .getNumAckPending())
                                .isZero());
            }
        }
    }

    private static long millisBetween(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    private static Message nextDeadLetter(Connection admin, String stream, String subject) throws Exception {
        return deadLetters(admin, stream, subject).next();
    }

    /** Reads a dead-letter stream in order through one durable pull subscription. */
    private static DeadLetters deadLetters(Connection admin, String stream, String subject) throws Exception {
        return new DeadLetters(admin.jetStream()
                .subscribe(
                        subject,
                        PullSubscribeOptions.builder().stream(stream)
                                .durable("test-reader")
                                .build()));
    }

    private record DeadLetters(JetStreamSubscription subscription) {

        Message next() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                List<Message> messages = subscription.fetch(1, Duration.ofMillis(250));
                if (!messages.isEmpty()) {
                    messages.get(0).ack();
                    return messages.get(0);
                }
            }
            throw new AssertionError("no dead letter on " + subscription.getSubject());
        }
    }

    // ---------------------------------------------------------------- non-retryable: term + dead letter

    @NonRetryable
    static class InvalidOrderException extends RuntimeException {
        InvalidOrderException(String message) {
            super(message);
        }
    }

    @Component
    static class NonRetryableListener {

        final AtomicInteger calls = new AtomicInteger();

        @JetStreamConsumer(stream = "TERM", durable = "terminating", deadLetter = "js.dlq.term", maxDeliver = "5")
        void handle(String payload) {
            calls.incrementAndGet();
            if (payload.startsWith("invalid")) {
                throw new InvalidOrderException("invalid order " + payload);
            }
            throw new UnsupportedOperationException("configured as non-retryable: " + payload);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NonRetryableConfig {

        @Bean
        NatsListenerConfigurer nonRetryableConfigurer() {
            return settings ->
                    settings.getNonRetryable().addNonRetryableExceptions(UnsupportedOperationException.class);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void nonRetryableFailuresAreTerminatedAndDeadLetteredOnce() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "TERM", "js.term.>");
            recreateStream(admin, "DLQ_TERM", "js.dlq.term");
            // the terminated advisories: from 2.11 on (the broker advertises 2.15.1) the term carries the reason
            BlockingQueue<Message> terminated = new LinkedBlockingQueue<>();
            admin.createDispatcher(terminated::add)
                    .subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.TERM.terminating");
            admin.flush(Duration.ofSeconds(5));
            try (AnnotationConfigApplicationContext context =
                    start(NonRetryableConfig.class, NonRetryableListener.class)) {
                DeadLetters deadLetters = deadLetters(admin, "DLQ_TERM", "js.dlq.term");
                publish(admin, "js.term.orders", "invalid-1");
                Message first = deadLetters.next();
                assertThat(first.getHeaders().getFirst(DeadLetterPublisher.REASON))
                        .isEqualTo("non_retryable");
                assertThat(first.getHeaders().getFirst(DeadLetterPublisher.DELIVERED))
                        .isEqualTo("1");
                publish(admin, "js.term.orders", "unsupported-2");
                Message second = deadLetters.next();
                assertThat(text(second)).isEqualTo("unsupported-2");
                // both terminated: nothing pending, nothing waiting for an ack, so nothing can come back
                NatsTestUtils.awaitConsumerDrained(admin, "TERM", "terminating", Duration.ofSeconds(5));
                assertThat(context.getBean(NonRetryableListener.class).calls.get())
                        .isEqualTo(2);
                if (admin.getServerInfo().isSameOrNewerThanVersion("2.11.0")) {
                    List<String> reasons = new java.util.ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        Message advisory = terminated.poll(5, TimeUnit.SECONDS);
                        assertThat(advisory).as("terminated advisory %d", i + 1).isNotNull();
                        reasons.add(tools.jackson.databind.json.JsonMapper.shared()
                                .readTree(advisory.getData())
                                .path("reason")
                                .asString());
                    }
                    assertThat(reasons)
                            .containsExactly(
                                    "non_retryable: InvalidOrderException",
                                    "non_retryable: UnsupportedOperationException");
                }
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get(MicrometerListenerMetrics.PROCESS)
                                .tag("listener.id", "NonRetryableListener.handle")
                                .tag("outcome", "term")
                                .timer()
                                .count())
                        .isEqualTo(2);
                assertThat(registry.get(MicrometerListenerMetrics.LAG)
                                .tag("listener.id", "NonRetryableListener.handle")
                                .gauge()
                                .value())
                        .isZero();
            }
        }
    }

    // ---------------------------------------------------------------- manual acknowledgment

    @Component
    static class ManualListener {

        final List<String> deliveries = new CopyOnWriteArrayList<>();

        @JetStreamConsumer(stream = "MANUAL", durable = "manual", ackMode = AckMode.MANUAL, maxDeliver = "4")
        void handle(String payload, Acknowledgment ack, @Header(NatsMessageHeaders.DELIVERED_COUNT) long delivered) {
            deliveries.add(payload + "#" + delivered);
            switch (payload) {
                case "nak-once" -> {
                    if (delivered == 1) {
                        ack.nak(Duration.ofMillis(100));
                    } else {
                        ack.ack();
                    }
                }
                case "term" -> ack.term("rejected by test");
                case "sync" -> {
                    try {
                        ack.ackSync(Duration.ofSeconds(2));
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }
                case "later" ->
                    new Thread(() -> {
                                sleep(100);
                                ack.inProgress();
                                ack.ack();
                            })
                            .start();
                default -> throw new IllegalArgumentException(payload);
            }
        }
    }

    @Test
    void manualAckModeLeavesSettlingToTheHandler() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "MANUAL", "js.manual.>");
            try (AnnotationConfigApplicationContext context = start(ManualListener.class)) {
                for (String payload : List.of("nak-once", "term", "sync", "later")) {
                    publish(admin, "js.manual.orders", payload);
                }
                ManualListener listener = context.getBean(ManualListener.class);
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(listener.deliveries)
                            .containsExactlyInAnyOrder("nak-once#1", "term#1", "sync#1", "later#1", "nak-once#2");
                    var info = JetStreamFixtures.consumer(admin, "MANUAL", "manual");
                    assertThat(info.getNumAckPending()).isZero();
                    assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(4);
                });
            }
        }
    }

    // ---------------------------------------------------------------- ordered consumer

    @Component
    static class OrderedListener {

        final List<Long> sequences = new CopyOnWriteArrayList<>();

        @JetStreamConsumer(stream = "ORDERED", ordered = true, id = "ordered")
        void handle(NatsJetStreamMetaData meta) {
            sequences.add(meta.streamSequence());
        }
    }

    @Test
    void orderedConsumerDeliversInStreamOrderAndResumesAfterPause() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "ORDERED", "js.ordered.>");
            for (int i = 0; i < 20; i++) {
                publish(admin, "js.ordered.e", "e" + i);
            }
            try (AnnotationConfigApplicationContext context = start(OrderedListener.class)) {
                OrderedListener listener = context.getBean(OrderedListener.class);
                await().atMost(Duration.ofSeconds(3)).until(() -> listener.sequences.size() == 20);
                NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
                registry.pause("ordered");
                await().atMost(Duration.ofSeconds(2))
                        .until(() -> registry.getListenerContainer("ordered").isPaused());
                Thread.sleep(100); // the pause reaches the server: no observable condition to await
                for (int i = 20; i < 25; i++) {
                    publish(admin, "js.ordered.e", "e" + i); // stored (acked) before the resume
                }
                Thread.sleep(200); // as before this session: resuming right after the publishes races the pause
                registry.resume("ordered");
                await().atMost(Duration.ofSeconds(3)).until(() -> listener.sequences.size() >= 25);
                // and nothing is delivered twice: the count holds at 25
                await().during(Duration.ofMillis(200))
                        .atMost(Duration.ofSeconds(2))
                        .until(() -> listener.sequences.size() == 25);
                assertThat(listener.sequences)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 25)
                                .boxed()
                                .toList());
            }
        }
    }

    // ---------------------------------------------------------------- concurrency

    @Component
    static class ParallelListener {

        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        final Set<String> processed = ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();
        /** The first two handlers wait for each other: they overlap only if the listener runs them in parallel. */
        final CountDownLatch overlap = new CountDownLatch(2);

        @JetStreamConsumer(stream = "PARALLEL", durable = "parallel", concurrency = "4", maxAckPending = "8")
        void handle(String payload) throws InterruptedException {
            calls.incrementAndGet();
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            overlap.countDown();
            overlap.await(2, TimeUnit.SECONDS);
            active.decrementAndGet();
            processed.add(payload);
        }
    }

    @Test
    void concurrencyProcessesInParallelWithoutLosingMessages() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "PARALLEL", "js.parallel.>");
            for (int i = 0; i < 40; i++) {
                publish(admin, "js.parallel.jobs", "job-" + i);
            }
            try (AnnotationConfigApplicationContext context = start(ParallelListener.class)) {
                ParallelListener listener = context.getBean(ParallelListener.class);
                await().atMost(Duration.ofSeconds(5)).until(() -> listener.processed.size() == 40);
                assertThat(listener.maxActive.get()).isBetween(2, 4);
                assertThat(listener.calls.get()).isEqualTo(40);
                await().atMost(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThat(JetStreamFixtures.consumer(admin, "PARALLEL", "parallel")
                                        .getNumAckPending())
                                .isZero());
            }
        }
    }

    // ---------------------------------------------------------------- pause / resume (pull) and push consumers

    @Component
    static class PausableListener {

        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @JetStreamConsumer(stream = "PAUSE", durable = "pausable", id = "pausable")
        void pull(String payload) {
            seen.add("pull:" + payload);
        }

        @JetStreamConsumer(stream = "PAUSE", durable = "pushed", pull = false, filterSubject = "js.pause.push")
        void push(String payload) {
            seen.add("push:" + payload);
        }
    }

    @Test
    void pausedPullConsumerReceivesNothingUntilResumedAndPushConsumersWork() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "PAUSE", "js.pause.>");
            try (AnnotationConfigApplicationContext context = start(PausableListener.class)) {
                PausableListener listener = context.getBean(PausableListener.class);
                NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
                registry.pause("pausable");
                publish(admin, "js.pause.pull", "p1");
                assertThat(listener.seen.poll(500, TimeUnit.MILLISECONDS)).isNull();
                registry.resume("pausable");
                assertThat(listener.seen.poll(3, TimeUnit.SECONDS)).isEqualTo("pull:p1");

                publish(admin, "js.pause.push", "x1");
                assertThat(Set.of(listener.seen.poll(3, TimeUnit.SECONDS), listener.seen.poll(3, TimeUnit.SECONDS)))
                        .containsExactlyInAnyOrder("pull:x1", "push:x1");
            }
        }
    }

    // ---------------------------------------------------------------- bind to an existing consumer

    @Component
    static class BindingListener {

        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @JetStreamConsumer(stream = "BIND", durable = "declared-elsewhere", create = false)
        void handle(String payload) {
            seen.add(payload);
        }
    }

    @Test
    void bindsToAnExistingConsumer() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "BIND", "js.bind.>");
            admin.jetStreamManagement()
                    .addOrUpdateConsumer(
                            "BIND",
                            ConsumerConfiguration.builder()
                                    .durable("declared-elsewhere")
                                    .ackPolicy(AckPolicy.Explicit)
                                    .filterSubject("js.bind.yes")
                                    .build());
            publish(admin, "js.bind.no", "ignored");
            publish(admin, "js.bind.yes", "bound");
            try (AnnotationConfigApplicationContext context = start(BindingListener.class)) {
                BindingListener listener = context.getBean(BindingListener.class);
                assertThat(listener.seen.poll(3, TimeUnit.SECONDS)).isEqualTo("bound");
                assertThat(listener.seen.poll(300, TimeUnit.MILLISECONDS)).isNull();
            }
        }
    }

    // ---------------------------------------------------------------- automatic +WPI for long handlers

    @Component
    static class SlowListener {

        final List<Long> deliveries = new CopyOnWriteArrayList<>();

        @JetStreamConsumer(stream = "SLOW", durable = "slow", ackWait = "1s")
        void handle(String payload, @Header(NatsMessageHeaders.DELIVERED_COUNT) long delivered) {
            deliveries.add(delivered);
            sleep(2500);
        }
    }

    @Test
    void longHandlersAreKeptAliveBeyondAckWait() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "SLOW", "js.slow.>");
            try (AnnotationConfigApplicationContext context = start(SlowListener.class)) {
                publish(admin, "js.slow.job", "long");
                SlowListener listener = context.getBean(SlowListener.class);
                await().atMost(Duration.ofSeconds(6))
                        .untilAsserted(() -> assertThat(JetStreamFixtures.consumer(admin, "SLOW", "slow")
                                        .getAckFloor()
                                        .getStreamSequence())
                                .isEqualTo(1));
                assertThat(listener.deliveries).containsExactly(1L);
            }
        }
    }

    // ---------------------------------------------------------------- graceful shutdown with messages in flight

    @Component
    static class ShutdownListener {

        static final Set<String> COMPLETED = ConcurrentHashMap.newKeySet();
        static final AtomicInteger STARTED = new AtomicInteger();

        @JetStreamConsumer(
                stream = "SHUTDOWN",
                durable = "shutdown",
                concurrency = "2",
                batchSize = "4",
                ackWait = "2s")
        void handle(String payload) {
            STARTED.incrementAndGet();
            sleep(200);
            COMPLETED.add(payload);
        }
    }

    @Test
    void shutdownFinishesInFlightMessagesAndLosesNone() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "SHUTDOWN", "js.shutdown.>");
            ShutdownListener.COMPLETED.clear();
            ShutdownListener.STARTED.set(0);
            for (int i = 0; i < 10; i++) {
                publish(admin, "js.shutdown.jobs", "s" + i);
            }
            AnnotationConfigApplicationContext first = start(ShutdownListener.class);
            await().atMost(Duration.ofSeconds(3)).until(() -> ShutdownListener.STARTED.get() >= 2);
            first.close();
            int started = ShutdownListener.STARTED.get();

            assertThat(ShutdownListener.COMPLETED).hasSize(started).hasSizeLessThan(10);
            // every started handler finished and was acked before the connection closed
            assertThat(JetStreamFixtures.consumer(admin, "SHUTDOWN", "shutdown")
                            .getAckFloor()
                            .getStreamSequence())
                    .isEqualTo(started);

            // unstarted messages come back: nak'd ones at once, ones jnats still buffered after ack-wait (2s here)
            try (AnnotationConfigApplicationContext second = start(ShutdownListener.class)) {
                await().atMost(Duration.ofSeconds(6)).until(() -> ShutdownListener.COMPLETED.size() == 10);
                await().atMost(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThat(JetStreamFixtures.consumer(admin, "SHUTDOWN", "shutdown")
                                        .getAckFloor()
                                        .getStreamSequence())
                                .isEqualTo(10));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
