package io.natsspring.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.natsspring.annotation.config.NatsListenerConfigurer;
import io.natsspring.annotation.testsupport.ListenerContexts;
import io.natsspring.annotation.testsupport.TestServers;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Listener handlers (concurrency above 1; with 1 they run on the jnats delivery thread) run on virtual threads when
 * asked to and the JVM has them (Java 21+), and on platform threads otherwise — the build targets Java 17, so the
 * outcome checked depends on the JVM running the test (CI runs it on 25 and on 17).
 */
class VirtualThreadListenerTests {

    @Component
    static class ThreadRecordingListener {

        final BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();

        @NatsListener(subject = "vt.record", concurrency = "2")
        void handle(String body) {
            threads.add(Thread.currentThread());
        }
    }

    @Component
    static class VirtualThreads implements NatsListenerConfigurer {

        @Override
        public void configure(io.natsspring.annotation.config.NatsListenerSettings settings) {
            settings.setVirtualThreads(true);
        }
    }

    private static boolean isVirtual(Thread thread) throws Exception {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        Method isVirtual = Thread.class.getMethod("isVirtual");
        return (Boolean) isVirtual.invoke(thread);
    }

    private static Thread handlerThread(Class<?>... components) throws Exception {
        try (AnnotationConfigApplicationContext context = ListenerContexts.start(TestServers.embedded(), components)) {
            Connection connection = context.getBean(Connection.class);
            connection.publish("vt.record", "x".getBytes(StandardCharsets.UTF_8));
            Thread thread =
                    context.getBean(ThreadRecordingListener.class).threads.poll(3, TimeUnit.SECONDS);
            assertThat(thread).as("the listener was called").isNotNull();
            return thread;
        }
    }

    @Test
    void virtualThreadsWhenRequestedAndAvailable() throws Exception {
        Thread thread = handlerThread(ThreadRecordingListener.class, VirtualThreads.class);
        assertThat(isVirtual(thread)).isEqualTo(Runtime.version().feature() >= 21);
    }

    @Test
    void platformThreadsByDefault() throws Exception {
        assertThat(isVirtual(handlerThread(ThreadRecordingListener.class))).isFalse();
    }
}
