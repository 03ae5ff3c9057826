package io.natsspring.annotation.listener;

import java.util.concurrent.Executor;

/**
 * Supplies the executor that runs a container's handlers when its concurrency is above one (concurrency one runs on
 * the jnats delivery thread). The container never submits more than {@code concurrency} tasks at once and closes
 * the executor on stop when it is {@link AutoCloseable} or an {@code ExecutorService}.
 */
@FunctionalInterface
public interface ListenerExecutorProvider {

    Executor create(String listenerId, int concurrency);
}
