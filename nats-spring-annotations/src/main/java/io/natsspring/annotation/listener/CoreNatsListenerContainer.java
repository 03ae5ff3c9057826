package io.natsspring.annotation.listener;

import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.natsspring.annotation.metrics.ListenerOutcome;
import io.natsspring.annotation.support.NatsMessageMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@code @NatsListener}: one jnats {@link Dispatcher} per container with one subscription per subject (in the
 * queue group when set). Replies to requests with the return value, forwards it to {@code @SendTo}, and answers
 * failed requests with an error status.
 */
public final class CoreNatsListenerContainer extends AbstractNatsListenerContainer {

    private final NatsListenerEndpoint endpoint;
    private final ListenerInvoker invoker;
    private final ReplySender replies;
    private volatile @Nullable Dispatcher dispatcher;

    public CoreNatsListenerContainer(
            NatsListenerEndpoint endpoint, ListenerInvoker invoker, ListenerServices services) {
        super(endpoint.id(), endpoint.concurrency(), endpoint.autoStartup(), services);
        this.endpoint = endpoint;
        this.invoker = invoker;
        this.replies = new ReplySender(services.connection(), services.converter(), endpoint.sendTo());
    }

    @Override
    public String getKind() {
        return "core";
    }

    @Override
    public List<String> getSubjects() {
        return endpoint.subjects();
    }

    /** The queue group, or null. */
    public @Nullable String getQueue() {
        return endpoint.queue();
    }

    @Override
    protected CompletableFuture<ListenerOutcome> handle(Message message) {
        org.springframework.messaging.Message<byte[]> springMessage =
                NatsMessageMapper.toSpringMessage(message, endpoint.contentType(), null);
        return invoker.invoke(springMessage).handle((result, failure) -> {
            if (failure == null) {
                sendResult(message, result);
                return ListenerOutcome.SUCCESS;
            }
            handleFailure(message, springMessage, failure);
            return ListenerOutcome.FAILURE;
        });
    }

    private void handleFailure(
            Message message, org.springframework.messaging.Message<byte[]> springMessage, Throwable failure) {
        ListenerExecutionFailedException wrapped = failure instanceof ListenerExecutionFailedException lefe
                ? lefe
                : new ListenerExecutionFailedException(id, springMessage, failure);
        Object handled;
        try {
            handled = endpoint.errorHandler().handleError(springMessage, wrapped);
        } catch (Exception ex) {
            try {
                replies.sendError(message, ex instanceof ListenerExecutionFailedException ? ex.getCause() : ex);
            } catch (RuntimeException replyFailure) {
                log.warn("Listener '" + id + "' could not send the error reply", replyFailure);
            }
            return;
        }
        if (handled != null) {
            sendResult(message, handled);
        }
    }

    private void sendResult(Message message, @Nullable Object result) {
        if (invoker.isVoid()) {
            return;
        }
        try {
            replies.sendResult(message, result);
        } catch (RuntimeException ex) {
            log.error(
                    "Listener '" + id + "' could not send its result from subject '" + message.getSubject() + "'", ex);
            replies.sendError(message, ex);
        }
    }

    @Override
    protected void reject(Message message) {
        // Core NATS is at-most-once: a message arriving while pausing or stopping is dropped.
    }

    @Override
    protected void openDelivery() {
        Dispatcher created = services.connection().createDispatcher(this::deliver);
        dispatcher = created;
        subscribe(created);
    }

    private void subscribe(Dispatcher target) {
        for (String subject : endpoint.subjects()) {
            if (endpoint.queue() != null) {
                target.subscribe(subject, endpoint.queue());
            } else {
                target.subscribe(subject);
            }
        }
    }

    @Override
    protected void stopDelivery() {
        Dispatcher current = dispatcher;
        if (current == null || !current.isActive()) {
            return;
        }
        Duration timeout = services.shutdownTimeout();
        try {
            CompletableFuture<Boolean> drained;
            synchronized (flushLock()) { // drain() flushes before it returns
                drained = current.drain(timeout);
            }
            drained.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException ex) {
            log.debug("Draining listener '" + id + "' did not complete: " + ex);
        }
    }

    @Override
    protected void closeDelivery() {
        Dispatcher current = dispatcher;
        dispatcher = null;
        if (current != null && current.isActive()) {
            try {
                services.connection().closeDispatcher(current);
            } catch (RuntimeException ex) {
                log.debug("Closing the dispatcher of listener '" + id + "' failed: " + ex);
            }
        }
    }

    @Override
    protected void pauseDelivery() {
        Dispatcher current = dispatcher;
        if (current != null) {
            for (String subject : endpoint.subjects()) {
                current.unsubscribe(subject);
            }
        }
    }

    @Override
    protected void resumeDelivery() {
        Dispatcher current = dispatcher;
        if (current != null) {
            subscribe(current);
        }
    }
}
