package io.natsspring.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsspring.annotation.listener.ListenerExecutionFailedException;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.annotation.listener.NatsListenerErrorHandler;
import io.natsspring.annotation.listener.NatsServiceException;
import io.natsspring.annotation.metrics.MicrometerListenerMetrics;
import io.natsspring.annotation.testsupport.ListenerContexts;
import io.natsspring.annotation.testsupport.TestServers.ServerChoice;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Replies, errors, queue groups, concurrency, placeholders, lifecycle and metrics of {@code @NatsListener}. */
class CoreListenerBehaviourTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Component
    static class ReplyListeners {

        @NatsListener("reply.future")
        CompletableFuture<String> future(String in) {
            return CompletableFuture.supplyAsync(() -> in.toUpperCase());
        }

        @NatsListener("reply.mono")
        Mono<String> mono(String in) {
            return Mono.just(in + "!").delayElement(Duration.ofMillis(20));
        }

        @NatsListener("reply.sendto")
        @SendTo("reply.forwarded")
        String forward(String in) {
            return "fwd:" + in;
        }

        @NatsListener("reply.message")
        org.springframework.messaging.Message<String> withHeaders(String in) {
            return org.springframework.messaging.support.MessageBuilder.withPayload("m:" + in)
                    .setHeader("X-Reply", "yes")
                    .build();
        }
    }

    static class IllegalOrderException extends RuntimeException {
        IllegalOrderException(String message) {
            super(message);
        }
    }

    @Component
    static class FailingListeners {

        @NatsListener("fail.plain")
        String plain(String in) {
            throw new IllegalOrderException("secret detail " + in);
        }

        @NatsListener("fail.service")
        String service(String in) {
            throw new NatsServiceException(404, "no order " + in);
        }

        @NatsListener("fail.json")
        String json(Map<String, Object> in) {
            return "unreachable";
        }

        @NatsListener(subject = "fail.handled", errorHandler = "fallbackErrorHandler")
        String handled(String in) {
            throw new IllegalStateException("boom");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ErrorHandlerConfig {

        @Bean
        NatsListenerErrorHandler fallbackErrorHandler() {
            return (message, exception) ->
                    "fallback after " + exception.getCause().getMessage();
        }
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void repliesWithFuturesMonosMessagesAndSendTo(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context =
                ListenerContexts.start(server.server(), ReplyListeners.class)) {
            Connection connection = context.getBean(Connection.class);
            assertThat(text(connection.request("reply.future", bytes("abc"), TIMEOUT)))
                    .isEqualTo("ABC");
            assertThat(text(connection.request("reply.mono", bytes("hey"), TIMEOUT)))
                    .isEqualTo("hey!");
            Message withHeaders = connection.request("reply.message", bytes("x"), TIMEOUT);
            assertThat(text(withHeaders)).isEqualTo("m:x");
            assertThat(withHeaders.getHeaders().getFirst("X-Reply")).isEqualTo("yes");

            Subscription forwarded = connection.subscribe("reply.forwarded");
            connection.flush(TIMEOUT);
            connection.publish("reply.sendto", bytes("p"));
            assertThat(text(forwarded.nextMessage(TIMEOUT))).isEqualTo("fwd:p");
            // a request is answered to its reply subject, not forwarded
            assertThat(text(connection.request("reply.sendto", bytes("r"), TIMEOUT)))
                    .isEqualTo("fwd:r");
            assertThat(forwarded.nextMessage(Duration.ofMillis(200))).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void failedRequestsGetAnErrorStatusInsteadOfATimeout(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context =
                ListenerContexts.start(server.server(), FailingListeners.class, ErrorHandlerConfig.class)) {
            Connection connection = context.getBean(Connection.class);
            Message plain = connection.request("fail.plain", bytes("o-1"), TIMEOUT);
            assertThat(plain.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("500");
            assertThat(plain.getHeaders().getFirst("Nats-Service-Error"))
                    .isEqualTo("Internal error (IllegalOrderException)");
            assertThat(plain.getData()).isEmpty();

            Message service = connection.request("fail.service", bytes("o-2"), TIMEOUT);
            assertThat(service.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("404");
            assertThat(service.getHeaders().getFirst("Nats-Service-Error")).isEqualTo("no order o-2");

            Message json = connection.request("fail.json", bytes("{not json"), TIMEOUT);
            assertThat(json.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("400");

            assertThat(text(connection.request("fail.handled", bytes("x"), TIMEOUT)))
                    .isEqualTo("fallback after boom");
        }
    }

    @Component
    static class QueueListeners {

        final Map<String, AtomicInteger> byMember = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();

        @NatsListener(subject = "work.items", queue = "workers", id = "worker-a")
        void a(String item) {
            byMember.computeIfAbsent("a", k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
        }

        @NatsListener(subject = "work.items", queue = "workers", id = "worker-b")
        void b(String item) {
            byMember.computeIfAbsent("b", k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
        }
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void queueGroupDeliversEachMessageToOneMember(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context =
                ListenerContexts.start(server.server(), QueueListeners.class)) {
            Connection connection = context.getBean(Connection.class);
            for (int i = 0; i < 200; i++) {
                connection.publish("work.items", bytes("i" + i));
            }
            QueueListeners listeners = context.getBean(QueueListeners.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> listeners.total.get() == 200);
            // and none is delivered twice: the count holds at 200
            await().during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> listeners.total.get() == 200);
            assertThat(listeners.byMember.keySet()).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Component
    static class ConcurrentListener {

        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final CountDownLatch done = new CountDownLatch(12);
        /** The first two handlers wait for each other: they overlap only if the listener runs them in parallel. */
        final CountDownLatch overlap = new CountDownLatch(2);

        @NatsListener(subject = "parallel.jobs", concurrency = "4")
        void handle(String job) throws InterruptedException {
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            overlap.countDown();
            overlap.await(2, TimeUnit.SECONDS);
            active.decrementAndGet();
            seen.add(job);
            done.countDown();
        }
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void concurrencyHandlesMessagesInParallelWithinTheBound(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context =
                ListenerContexts.start(server.server(), ConcurrentListener.class)) {
            Connection connection = context.getBean(Connection.class);
            for (int i = 0; i < 12; i++) {
                connection.publish("parallel.jobs", bytes("j" + i));
            }
            ConcurrentListener listener = context.getBean(ConcurrentListener.class);
            assertThat(listener.done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(listener.seen).hasSize(12);
            assertThat(listener.maxActive.get()).isBetween(2, 4);
        }
    }

    @Component
    static class PlaceholderListeners {

        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @NatsListener(
                subject = {"${app.subject}", "#{'spel.' + 'subject'}"},
                id = "${app.id}",
                queue = "${app.queue:}")
        void handle(@Subject String subject) {
            seen.add(subject);
        }

        @NatsListener(subject = "lazy.subject", id = "lazy", autoStartup = "false")
        String lazy(String in) {
            return "late " + in;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @PropertySource("classpath:listener-test.properties")
    static class Properties {}

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void resolvesPlaceholdersAndSpelAndControlsListenersById(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context =
                ListenerContexts.start(server.server(), Properties.class, PlaceholderListeners.class)) {
            Connection connection = context.getBean(Connection.class);
            PlaceholderListeners listeners = context.getBean(PlaceholderListeners.class);
            NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
            assertThat(registry.getListenerContainerIds()).containsExactlyInAnyOrder("configured", "lazy");
            NatsListenerContainer configured = registry.getListenerContainer("configured");
            assertThat(configured.getSubjects()).containsExactly("from.properties", "spel.subject");

            connection.publish("from.properties", bytes("1"));
            connection.publish("spel.subject", bytes("2"));
            assertThat(listeners.seen.poll(2, TimeUnit.SECONDS)).isEqualTo("from.properties");
            assertThat(listeners.seen.poll(2, TimeUnit.SECONDS)).isEqualTo("spel.subject");

            registry.pause("configured");
            assertThat(configured.isPaused()).isTrue();
            connection.flush(TIMEOUT);
            connection.publish("from.properties", bytes("while paused"));
            connection.flush(TIMEOUT);
            assertThat(listeners.seen.poll(200, TimeUnit.MILLISECONDS)).isNull();
            registry.resume("configured");
            connection.flush(TIMEOUT);
            awaitDelivery(connection, "from.properties", listeners.seen);

            // autoStartup = false: not subscribed until started by id
            NatsListenerContainer lazy = registry.getListenerContainer("lazy");
            assertThat(lazy.isRunning()).isFalse();
            assertThat(connection.request("lazy.subject", bytes("x"), Duration.ofMillis(300)))
                    .isNull();
            registry.start("lazy");
            assertThat(text(connection.request("lazy.subject", bytes("x"), TIMEOUT)))
                    .isEqualTo("late x");
            registry.stop("lazy");
            assertThat(lazy.isRunning()).isFalse();
        }
    }

    /** Subscription interest reaches the server asynchronously: publish until the resumed listener sees one. */
    private static void awaitDelivery(Connection connection, String subject, BlockingQueue<String> seen) {
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    connection.publish(subject, bytes("after resume"));
                    return subject.equals(seen.poll(50, TimeUnit.MILLISECONDS));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class MetricsConfig {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void recordsTimersByOutcomeAndInFlight(ServerChoice server) throws Exception {
        try (AnnotationConfigApplicationContext context = ListenerContexts.start(
                server.server(),
                MetricsConfig.class,
                ReplyListeners.class,
                FailingListeners.class,
                ErrorHandlerConfig.class)) {
            Connection connection = context.getBean(Connection.class);
            connection.request("reply.future", bytes("a"), TIMEOUT);
            connection.request("fail.plain", bytes("b"), TIMEOUT);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(registry.get(MicrometerListenerMetrics.PROCESS)
                                .tag("listener.id", "ReplyListeners.future")
                                .tag("outcome", "success")
                                .timer()
                                .count())
                        .isEqualTo(1);
                assertThat(registry.get(MicrometerListenerMetrics.PROCESS)
                                .tag("listener.id", "FailingListeners.plain")
                                .tag("outcome", "failure")
                                .timer()
                                .count())
                        .isEqualTo(1);
            });
            assertThat(registry.get(MicrometerListenerMetrics.IN_FLIGHT)
                            .tag("listener.id", "ReplyListeners.future")
                            .gauge()
                            .value())
                    .isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void errorHandlerSeesTheFailure(ServerChoice server) throws Exception {
        BlockingQueue<ListenerExecutionFailedException> failures = new LinkedBlockingQueue<>();
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(
                "natsConnection",
                Connection.class,
                () -> ListenerContexts.connect(server.server().url()),
                definition -> definition.setDestroyMethodName("close"));
        context.registerBean("fallbackErrorHandler", NatsListenerErrorHandler.class, () -> (message, exception) -> {
            failures.add(exception);
            return null;
        });
        context.register(ListenerContexts.Enable.class, FailingListeners.class);
        context.refresh();
        try (context) {
            Connection connection = context.getBean(Connection.class);
            assertThat(connection.request("fail.handled", bytes("x"), Duration.ofMillis(300)))
                    .isNull();
            ListenerExecutionFailedException failure = failures.poll(2, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(failure.getListenerId()).isEqualTo("FailingListeners.handled");
            assertThat(failure.getCause()).hasMessage("boom");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Message message) {
        assertThat(message).isNotNull();
        return new String(message.getData(), StandardCharsets.UTF_8);
    }
}
