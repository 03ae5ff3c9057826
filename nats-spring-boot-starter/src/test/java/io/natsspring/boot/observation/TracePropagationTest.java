package io.natsspring.boot.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.Tracing;
import brave.propagation.ThreadLocalCurrentTraceContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsspring.annotation.NatsListener;
import io.natsspring.boot.autoconfigure.listener.NatsListenerAutoConfiguration;
import io.natsspring.boot.template.NatsTemplate;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;

/**
 * A trace crosses a publish → receive hop: the template's observation writes a W3C {@code traceparent} header and
 * the receive observation of {@link NatsObservations#receive} continues the same trace. Real Brave tracer, real
 * broker.
 */
class TracePropagationTest {

    @TempDir
    Path store;

    private final Tracing tracing = Tracing.newBuilder()
            .traceId128Bit(true)
            .currentTraceContext(ThreadLocalCurrentTraceContext.create())
            .propagationFactory(new W3CPropagation(new BraveBaggageManager(), List.of()))
            .build();
    private final Tracer tracer = new BraveTracer(
            tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()), new BraveBaggageManager());
    private final Propagator propagator = new BravePropagator(tracing);

    @AfterEach
    void close() {
        tracing.close();
    }

    private ObservationRegistry registry() {
        ObservationRegistry registry = ObservationRegistry.create();
        // As Spring Boot wires them: the first handler that supports a context handles it.
        registry.observationConfig()
                .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)));
        return registry;
    }

    @Test
    @SuppressWarnings("try")
    void publishCarriesTraceparentAndReceiveContinuesTheTrace() {
        ObservationRegistry registry = registry();
        NatsAutoConfigurations.runner(store)
                .withBean(ObservationRegistry.class, () -> registry)
                .run(context -> {
                    Connection connection = context.getBean(Connection.class);
                    NatsTemplate template = context.getBean(NatsTemplate.class);
                    Subscription sub = connection.subscribe("traced.orders");

                    Observation parent = Observation.start("checkout", registry);
                    String traceId;
                    try (Observation.Scope scope = parent.openScope()) {
                        traceId = tracer.currentSpan().context().traceId();
                        template.publish("traced.orders", "order-1");
                    } finally {
                        parent.stop();
                    }

                    Message received = sub.nextMessage(Duration.ofSeconds(2));
                    String traceparent = received.getHeaders().getFirst("traceparent");
                    assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-0[01]");

                    AtomicReference<Span> listenerSpan = new AtomicReference<>();
                    NatsObservations.receive(received, "orders-listener", registry)
                            .observe(() -> listenerSpan.set(tracer.currentSpan()));
                    assertThat(listenerSpan.get().context().traceId()).isEqualTo(traceId);
                    assertThat(listenerSpan.get().context().parentId()).isEqualTo(traceparent.substring(36, 52));
                });
    }

    /** A listener method whose span is captured. */
    static class TracedListener {
        final AtomicReference<String> traceId = new AtomicReference<>();

        @NatsListener(id = "traced", subject = "traced.listener")
        void on(String body) {
            traceId.set(TRACER.get().currentSpan().context().traceId());
        }
    }

    private static final AtomicReference<Tracer> TRACER = new AtomicReference<>();

    @Test
    @SuppressWarnings("try")
    void listenerMethodsRunInsideTheTraceOfTheMessage() {
        ObservationRegistry registry = registry();
        TRACER.set(tracer);
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsListenerAutoConfiguration.class))
                .withBean(ObservationRegistry.class, () -> registry)
                .withBean(TracedListener.class)
                .run(context -> {
                    NatsTemplate template = context.getBean(NatsTemplate.class);
                    TracedListener listener = context.getBean(TracedListener.class);
                    Observation parent = Observation.start("checkout", registry);
                    String traceId;
                    try (Observation.Scope scope = parent.openScope()) {
                        traceId = tracer.currentSpan().context().traceId();
                        template.publish("traced.listener", "order-2");
                    } finally {
                        parent.stop();
                    }
                    await().atMost(Duration.ofSeconds(5)).until(() -> listener.traceId.get() != null);
                    assertThat(listener.traceId.get()).isEqualTo(traceId);
                });
    }
}
