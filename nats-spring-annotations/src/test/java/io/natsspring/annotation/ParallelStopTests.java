package io.natsspring.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.annotation.testsupport.ListenerContexts;
import io.natsspring.annotation.testsupport.TestServers.ServerChoice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Containers stop in parallel, and each flushes the shared connection: the flushes must not pile up more PINGs than
 * jnats allows outstanding (2 by default), or jnats takes the connection for stale and reconnects at shutdown.
 */
class ParallelStopTests {

    @Component
    static class ManyListeners {

        @NatsListener("stop.a")
        void a(String s) {}

        @NatsListener("stop.b")
        void b(String s) {}

        @NatsListener("stop.c")
        void c(String s) {}

        @NatsListener("stop.d")
        void d(String s) {}

        @NatsListener("stop.e")
        void e(String s) {}

        @NatsListener("stop.f")
        void f(String s) {}

        @NatsListener("stop.g")
        void g(String s) {}

        @NatsListener("stop.h")
        void h(String s) {}

        @NatsListener("stop.i")
        void i(String s) {}

        @NatsListener("stop.j")
        void j(String s) {}

        @NatsListener("stop.k")
        void k(String s) {}

        @NatsListener("stop.l")
        void l(String s) {}
    }

    @ParameterizedTest
    @MethodSource("io.natsspring.annotation.testsupport.TestServers#coreServers")
    void stoppingManyContainersAtOnceKeepsTheConnection(ServerChoice choice) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        Options options = new Options.Builder()
                .server(choice.server().url())
                .connectionListener((conn, type) -> events.add(type.name()))
                .errorListener(new io.nats.client.ErrorListener() {
                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        errors.add(exp.toString());
                    }
                })
                .build();
        for (int round = 0; round < 5; round++) {
            events.clear();
            try (Connection connection = Nats.connect(options);
                    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
                context.registerBean("natsConnection", Connection.class, () -> connection);
                context.register(ListenerContexts.Enable.class, ManyListeners.class);
                context.refresh();
                NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
                assertThat(registry.getListenerContainerIds()).hasSize(12);

                registry.stop();

                assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                connection.flush(Duration.ofSeconds(2));
            }
            assertThat(errors).as("connection errors").isEmpty();
            assertThat(events)
                    .as("connection events")
                    .doesNotContain(
                            ConnectionListener.Events.DISCONNECTED.name(),
                            ConnectionListener.Events.RECONNECTED.name());
        }
    }
}
