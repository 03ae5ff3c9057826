package io.natsspring.annotation.listener;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Platform threads (a fixed pool of {@code concurrency} threads named {@code nats-<id>-N}) or, when virtual threads
 * are requested and the JVM has them (Java 21+), one virtual thread per message. On older JVMs the request falls back
 * to platform threads with a log line.
 */
public final class DefaultListenerExecutorProvider implements ListenerExecutorProvider {

    private static final Log LOG = LogFactory.getLog(DefaultListenerExecutorProvider.class);

    private final boolean virtualThreads;

    public DefaultListenerExecutorProvider(boolean virtualThreads) {
        this.virtualThreads = virtualThreads;
    }

    /** Whether virtual threads were requested. */
    public boolean isVirtualThreads() {
        return virtualThreads;
    }

    @Override
    public Executor create(String listenerId, int concurrency) {
        String prefix = "nats-" + listenerId + "-";
        if (virtualThreads) {
            SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(prefix);
            try {
                executor.setVirtualThreads(true);
                return executor;
            } catch (UnsupportedOperationException ex) {
                LOG.info("Virtual threads requested but not available on this JVM; listener '" + listenerId
                        + "' uses platform threads");
            }
        }
        CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
        threads.setDaemon(true);
        return new ThreadPoolExecutor(
                concurrency, concurrency, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    }
}
