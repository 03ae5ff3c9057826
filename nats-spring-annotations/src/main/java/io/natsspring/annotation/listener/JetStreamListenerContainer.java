package io.natsspring.annotation.listener;

import io.nats.client.Message;
import io.nats.client.api.ConsumerConfiguration;
import io.natsspring.annotation.jetstream.Acknowledgment;
import io.natsspring.annotation.jetstream.BackoffRetryPolicy;
import io.natsspring.annotation.jetstream.DeadLetterHandler;
import io.natsspring.annotation.jetstream.DeadLetterPublisher;
import io.natsspring.annotation.jetstream.JetStreamAcknowledgment;
import io.natsspring.annotation.jetstream.JetStreamSettler;
import io.natsspring.annotation.jetstream.RetryPolicy;
import io.natsspring.annotation.metrics.ListenerOutcome;
import io.natsspring.annotation.support.NatsMessageMapper;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@code @JetStreamConsumer}: receives through a pull, push or ordered source, hands each message to the
 * listener method with an {@link Acknowledgment}, keeps it alive with {@code +WPI} while the method runs, then settles
 * it through {@link JetStreamSettler}. Messages received while pausing or stopping are nak'd once the subscription
 * is closed, so another instance (or this one after resume or restart) gets them without waiting for ack-wait.
 * Pull and ordered consumers are reopened right after the connection is re-established ({@link ReconnectRecovery}),
 * and pull consumers also when their consumer gets a new leader on a cluster ({@link ConsumerLeaderWatch});
 * {@link #isConsuming()} is false in between.
 */
public final class JetStreamListenerContainer extends AbstractNatsListenerContainer {

    private static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);

    private final JetStreamListenerEndpoint endpoint;
    private final ListenerInvoker invoker;
    private volatile @Nullable JetStreamMessageSource source;
    private volatile @Nullable JetStreamSettler settler;
    private volatile Duration heartbeatBase = DEFAULT_ACK_WAIT;
    private volatile long lag = -1;
    private final Queue<Message> parked = new ConcurrentLinkedQueue<>();
    private final ReconnectRecovery recovery;
    private final ConsumerLeaderWatch leaderWatch;
    private volatile @Nullable JetStreamListenerEndpoint bound;

    public JetStreamListenerContainer(
            JetStreamListenerEndpoint endpoint, ListenerInvoker invoker, ListenerServices services) {
        super(endpoint.id(), endpoint.concurrency(), endpoint.autoStartup(), services);
        this.endpoint = endpoint;
        this.invoker = invoker;
        this.recovery = new ReconnectRecovery(
                id, services.connection(), this::survivesReconnect, this::isRunning, () -> runIfActive(this::reopen));
        this.leaderWatch = new ConsumerLeaderWatch(id, services.connection(), recovery::leaderChanged);
    }

    private boolean survivesReconnect() {
        JetStreamMessageSource current = source;
        return current == null || current.survivesReconnect();
    }

    private JetStreamMessageSource source() throws Exception {
        JetStreamMessageSource current = source;
        if (current != null) {
            return current;
        }
        JetStreamListenerEndpoint resolved =
                endpoint.stream().isBlank() ? endpoint.withStream(lookUpStream()) : endpoint;
        ConsumerBinding binding = new ConsumerBinding(resolved, services.consumerDefaults(), services.declarations());
        if (resolved.ordered()) {
            current = new OrderedMessageSource(services.connection(), resolved, binding);
        } else if (resolved.pull()) {
            current = new PullMessageSource(services.connection(), resolved, binding);
        } else {
            current = new PushMessageSource(services.connection(), resolved, binding);
        }
        bound = resolved;
        source = current;
        return current;
    }

    private String lookUpStream() throws Exception {
        String subject = endpoint.filterSubjects().get(0);
        List<String> streams = services.connection().jetStreamManagement().getStreamNames(subject);
        if (streams.isEmpty()) {
            throw new ListenerConfigurationException(
                    id,
                    "@JetStreamConsumer on " + endpoint.location()
                            + " (listener '" + id + "') filters on '" + subject
                            + "', which no stream captures. Declare a "
                            + "stream for it under nats.jetstream.streams (subjects: " + subject + ") or as a "
                            + "StreamConfiguration bean, or set the stream attribute.");
        }
        if (streams.size() != 1) {
            throw new ListenerConfigurationException(
                    id,
                    "Listener '" + id + "' (" + endpoint.location()
                            + "): expected exactly one stream for subject '" + subject + "', found " + streams
                            + "; set the stream attribute");
        }
        return streams.get(0);
    }

    @Override
    public String getKind() {
        return "jetstream";
    }

    @Override
    public List<String> getSubjects() {
        return getFilterSubjects();
    }

    /** The stream name (empty until started when it is looked up by subject). */
    public String getStream() {
        JetStreamListenerEndpoint resolved = bound;
        return resolved != null ? resolved.stream() : endpoint.stream();
    }

    /** The durable consumer name, or null for an ephemeral or ordered consumer. */
    public @Nullable String getDurable() {
        return endpoint.durable();
    }

    /**
     * The consumer's filter subjects: the server's once the consumer was created or bound (a declared consumer's
     * filter), else the annotation's; empty means the whole stream.
     */
    public List<String> getFilterSubjects() {
        JetStreamMessageSource current = source;
        ConsumerConfiguration config = current != null ? current.consumerConfiguration() : null;
        if (config != null && config.getFilterSubjects() != null) {
            return List.copyOf(config.getFilterSubjects());
        }
        return endpoint.filterSubjects();
    }

    @Override
    public boolean isConsuming() {
        return super.isConsuming() && recovery.isDelivering();
    }

    /** The resolved endpoint. */
    public JetStreamListenerEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    protected long lag() {
        return lag;
    }

    @Override
    protected CompletableFuture<ListenerOutcome> handle(Message message) {
        if (message.isJetStream()) {
            lag = message.metaData().pendingCount();
        }
        JetStreamAcknowledgment acknowledgment = new JetStreamAcknowledgment(message, services.connection());
        ScheduledFuture<?> heartbeat =
                endpoint.ordered() ? null : services.heartbeat().start(acknowledgment, heartbeatBase);
        org.springframework.messaging.Message<byte[]> springMessage =
                NatsMessageMapper.toSpringMessage(message, endpoint.contentType(), acknowledgment);
        return invoker.invoke(springMessage).handle((result, failure) -> {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            Throwable remaining = failure != null ? applyErrorHandler(springMessage, failure) : null;
            ListenerOutcome outcome;
            try {
                outcome = currentSettler().settle(message, acknowledgment, remaining);
            } catch (RuntimeException ex) {
                log.error("Listener '" + id + "' could not settle a message from '" + message.getSubject() + "'", ex);
                outcome = ListenerOutcome.FAILURE;
            }
            JetStreamMessageSource current = source;
            if (current != null) {
                current.handled(message);
            }
            return outcome;
        });
    }

    private @Nullable Throwable applyErrorHandler(
            org.springframework.messaging.Message<byte[]> springMessage, Throwable failure) {
        ListenerExecutionFailedException wrapped = failure instanceof ListenerExecutionFailedException lefe
                ? lefe
                : new ListenerExecutionFailedException(id, springMessage, failure);
        try {
            endpoint.errorHandler().handleError(springMessage, wrapped);
            return null;
        } catch (Exception ex) {
            return ex instanceof ListenerExecutionFailedException && ex.getCause() != null ? ex.getCause() : ex;
        }
    }

    private JetStreamSettler currentSettler() {
        JetStreamSettler current = settler;
        if (current == null) {
            throw new IllegalStateException("Listener '" + id + "' is not started");
        }
        return current;
    }

    /**
     * Parks a message that arrived while pausing or stopping. It is nak'd only once the subscription is closed: a nak
     * now would send it straight back to the pull request still open on the server, round and round, burning
     * deliveries.
     */
    @Override
    protected void reject(Message message) {
        if (!endpoint.ordered() && message.isJetStream()) {
            parked.add(message);
        }
    }

    private void nakParked() {
        for (Message message = parked.poll(); message != null; message = parked.poll()) {
            try {
                message.nak();
            } catch (RuntimeException ignored) {
                // the server redelivers after ack-wait anyway
            }
        }
    }

    /**
     * Creates or updates this listener's durable consumer ahead of {@link #start()} (pull listeners; push and
     * ordered consumers are created when they start).
     */
    public void declareConsumer() throws Exception {
        source().declare();
    }

    @Override
    protected void openDelivery() throws Exception {
        JetStreamMessageSource current = source();
        current.open(this::deliver);
        configureFrom(current.consumerConfiguration());
        recovery.attach();
        watchLeader(current);
    }

    /** A pull consumer of a replicated stream loses its waiting pulls with its leader: reopen on each election. */
    private void watchLeader(JetStreamMessageSource current) {
        ConsumerConfiguration config = current.consumerConfiguration();
        String name = config == null ? null : config.getName() != null ? config.getName() : config.getDurable();
        if (current instanceof PullMessageSource && name != null) {
            leaderWatch.watch(getStream(), name);
        }
    }

    /** After a reconnect: looks up the consumer again (a restarted server may have lost it) and pulls at once. */
    private void reopen() throws Exception {
        JetStreamMessageSource current = source();
        current.close();
        nakParked();
        current.reset();
        current.open(this::deliver);
        configureFrom(current.consumerConfiguration());
        watchLeader(current);
    }

    private void configureFrom(@Nullable ConsumerConfiguration config) {
        ConsumerDefaults defaults = services.consumerDefaults();
        Duration ackWait = config != null && config.getAckWait() != null
                ? config.getAckWait()
                : endpoint.ackWait() != null ? endpoint.ackWait() : DEFAULT_ACK_WAIT;
        List<Duration> serverBackoff =
                config != null ? (config.getBackoff() != null ? config.getBackoff() : List.of()) : endpoint.backoff();
        Duration base = ackWait;
        for (Duration delay : serverBackoff) {
            if (delay.compareTo(base) < 0) {
                base = delay;
            }
        }
        heartbeatBase = base;
        long maxDeliver =
                config != null ? config.getMaxDeliver() : ConsumerConfigurations.maxDeliver(endpoint, defaults);
        RetryPolicy retry = services.retryPolicy() != null
                ? services.retryPolicy()
                : new BackoffRetryPolicy(serverBackoff.isEmpty() ? defaults.backoff() : serverBackoff);
        DeadLetterHandler deadLetter = endpoint.deadLetter() != null
                ? new DeadLetterPublisher(jetStream(), endpoint.deadLetter())
                : services.deadLetterHandler();
        settler = new JetStreamSettler(
                id,
                endpoint.ackMode(),
                endpoint.ordered(),
                retry,
                services.nonRetryable(),
                maxDeliver,
                deadLetter,
                meters);
    }

    private io.nats.client.JetStream jetStream() {
        try {
            return services.connection().jetStream();
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("JetStream is not available for listener '" + id + "'", ex);
        }
    }

    @Override
    protected void stopDelivery() {
        JetStreamMessageSource current = source;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    protected void closeDelivery() {
        recovery.detach();
        leaderWatch.unwatch();
        JetStreamMessageSource current = source;
        if (current != null) {
            current.close();
        }
        nakParked();
    }

    @Override
    protected void pauseDelivery() {
        stopDelivery();
    }

    @Override
    protected void resumeDelivery() throws Exception {
        JetStreamMessageSource current = source();
        current.close();
        nakParked();
        current.open(this::deliver);
        recovery.opened();
    }
}
