package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.base.SerialExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The serial context every change of a stream's consumers runs in: one {@link SerialExecutor} on the shared
 * JetStream worker pool (one task at a time, in order, so consumer state needs no locks), for fire-and-forget
 * tasks, API work answered through a stage, and the waiting calls of start and stop.
 */
final class ConsumerThread {

    private static final System.Logger LOG = System.getLogger(ConsumerThread.class.getName());
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final String streamName;
    private final SerialExecutor executor;
    private final java.util.function.Consumer<Throwable> onFailure;
    private volatile boolean stopped;

    ConsumerThread(String streamName) {
        this(streamName, e -> {});
    }

    /**
     * @param onFailure told when a task fails unexpectedly (an {@link Error}, or an exception other than an API
     *                  error in a fire-and-forget task): the consumers' state may be half-changed
     */
    ConsumerThread(String streamName, java.util.function.Consumer<Throwable> onFailure) {
        this.streamName = streamName;
        this.executor = new SerialExecutor("js-consumers-" + streamName);
        this.onFailure = onFailure;
    }

    private void failed(Throwable e) {
        try {
            onFailure.accept(e);
        } catch (RuntimeException ignored) {
            // reporting must not fail the worker
        }
    }

    /** Queues {@code task}; a failure is logged. Does nothing once stopped. */
    void execute(Runnable task) {
        if (stopped) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (ApiException e) {
                    LOG.log(System.Logger.Level.WARNING, "Consumer task on stream '" + streamName + "' failed", e);
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "Consumer task on stream '" + streamName + "' failed", e);
                    failed(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /**
     * Runs {@code work} on the thread and waits for it. Only for start and stop, where the caller owns this stream;
     * API requests use {@link #submit} and never wait.
     */
    <T> T call(Callable<T> work) {
        if (stopped) {
            throw JsApiError.STREAM_NOT_FOUND.exception();
        }
        if (executor.isCurrent()) {
            try {
                return work.call();
            } catch (Exception e) {
                throw failure(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    f.complete(work.call());
                } catch (Error e) {
                    f.completeExceptionally(e);
                    failed(e);
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
            return f.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw JsApiError.CONSUMER_CREATE.exception("consumer operation timed out");
        } catch (RejectedExecutionException e) {
            throw JsApiError.STREAM_NOT_FOUND.exception();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JsApiError.CONSUMER_CREATE.exception("interrupted");
        }
    }

    /**
     * Runs {@code work} on the thread without waiting for it: the returned stage completes there with the result,
     * an {@link ApiException}, or "consumer operation timed out" after 30 s. A slow stream so delays only its own
     * requests.
     */
    <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (stopped) {
            result.completeExceptionally(JsApiError.STREAM_NOT_FOUND.exception());
            return result;
        }
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Exception e) {
                    result.completeExceptionally(failure(e));
                } catch (Error e) {
                    result.completeExceptionally(failure(e));
                    failed(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(JsApiError.STREAM_NOT_FOUND.exception());
            return result;
        }
        CompletableFuture<T> bounded = result.orTimeout(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return bounded.exceptionallyCompose(e -> CompletableFuture.failedFuture(
                e instanceof TimeoutException
                        ? JsApiError.CONSUMER_CREATE.exception("consumer operation timed out")
                        : e));
    }

    boolean stopped() {
        return stopped;
    }

    /** Refuses new work; queued work still runs, but nothing waits for it. */
    void shutdownWithoutWaiting() {
        stopped = true;
    }

    /** Refuses new work, lets queued work finish (up to 5 s). */
    void shutdown() {
        stopped = true;
        if (executor.isCurrent()) {
            return;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        executor.execute(() -> drained.complete(null));
        try {
            drained.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // gave up waiting
        }
    }

    private static ApiException failure(Throwable cause) {
        if (cause instanceof ApiException a) {
            return a;
        }
        return JsApiError.CONSUMER_CREATE.exception(String.valueOf(cause.getMessage()));
    }
}
