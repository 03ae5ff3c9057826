package io.natsspring.annotation.listener;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * Invokes one listener method and presents every outcome as a future: a plain result, a thrown exception, a
 * {@link CompletionStage} or (with Reactor) a {@code Mono}. The future completes exceptionally with a
 * {@link ListenerExecutionFailedException}.
 */
public final class ListenerInvoker {

    private final String listenerId;
    private final InvocableHandlerMethod handlerMethod;

    public ListenerInvoker(String listenerId, InvocableHandlerMethod handlerMethod) {
        this.listenerId = listenerId;
        this.handlerMethod = handlerMethod;
    }

    /** Whether the method is declared {@code void}: there is never a reply. */
    public boolean isVoid() {
        Class<?> type = handlerMethod.getReturnType().getParameterType();
        return type == void.class || type == Void.class;
    }

    /** The method, for messages. */
    public String describe() {
        return handlerMethod.getShortLogMessage();
    }

    public CompletableFuture<@Nullable Object> invoke(Message<?> message) {
        Object result;
        try {
            result = handlerMethod.invoke(message);
        } catch (Throwable ex) {
            return CompletableFuture.failedFuture(failure(message, ex));
        }
        CompletableFuture<@Nullable Object> async = null;
        if (result instanceof CompletionStage<?> stage) {
            async = stage.<@Nullable Object>thenApply(value -> value).toCompletableFuture();
        } else if (result != null && ReactorResults.PRESENT && ReactorResults.isMono(result)) {
            async = ReactorResults.toFuture(result);
        }
        if (async == null) {
            return CompletableFuture.completedFuture(result);
        }
        CompletableFuture<@Nullable Object> outcome = new CompletableFuture<>();
        async.whenComplete((value, ex) -> {
            if (ex == null) {
                outcome.complete(value);
            } else {
                outcome.completeExceptionally(failure(message, ex));
            }
        });
        return outcome;
    }

    private ListenerExecutionFailedException failure(Message<?> message, Throwable ex) {
        Throwable cause = ex;
        while ((cause instanceof InvocationTargetException
                        || cause instanceof java.util.concurrent.CompletionException
                        || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ListenerExecutionFailedException lefe) {
            return lefe;
        }
        return new ListenerExecutionFailedException(listenerId, message, cause);
    }
}
