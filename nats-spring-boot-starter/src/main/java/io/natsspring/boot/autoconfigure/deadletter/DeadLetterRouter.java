package io.natsspring.boot.autoconfigure.deadletter;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.natsspring.boot.autoconfigure.NatsJetStreamProperties;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listens to JetStream's max-deliveries (and terminated) advisories and copies each message given up on into the
 * dead-letter stream, on {@code <prefix>.<stream>.<original subject>}, with its headers and payload and the
 * {@link DeadLetterHeaders failure headers}. The advisory subscription uses a queue group, so one instance of a
 * scaled-out service routes each message; a message id makes a repeated routing a duplicate.
 */
public class DeadLetterRouter implements SmartLifecycle {

    static final String MAX_DELIVERIES = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.";
    static final String TERMINATED = "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.";

    /** Publish directives of the original that must not be replayed onto the dead-letter stream. */
    private static final List<String> PUBLISH_ONLY_HEADERS = List.of(
            "Nats-Msg-Id",
            "Nats-Expected-Stream",
            "Nats-Expected-Last-Sequence",
            "Nats-Expected-Last-Subject-Sequence",
            "Nats-Expected-Last-Msg-Id",
            "Nats-Rollup",
            "Nats-TTL");

    private static final Log log = LogFactory.getLog(DeadLetterRouter.class);

    private final Connection connection;
    private final JetStream jetStream;
    private final JetStreamManagement jsm;
    private final NatsJetStreamProperties.DeadLetter settings;
    private final Set<String> routedStreams;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile Dispatcher dispatcher;
    private volatile RoutedListener routedListener = (stream, consumer, reason) -> {};

    /** Told of every message this router copied into the dead-letter stream (e.g. to count them). */
    @FunctionalInterface
    public interface RoutedListener {

        /**
         * @param reason {@link DeadLetterHeaders#REASON_MAX_DELIVERIES} or {@link DeadLetterHeaders#REASON_TERMINATED}
         */
        void routed(String stream, String consumer, String reason);
    }

    /**
     * @param routedStreams source streams to route; empty routes every stream except the dead-letter stream
     */
    public DeadLetterRouter(
            Connection connection,
            JetStream jetStream,
            JetStreamManagement jsm,
            NatsJetStreamProperties.DeadLetter settings,
            Set<String> routedStreams) {
        this.connection = connection;
        this.jetStream = jetStream;
        this.jsm = jsm;
        this.settings = settings;
        this.routedStreams = Set.copyOf(routedStreams);
    }

    /** Replaces the listener told of each routed message (one at a time; the metrics auto-configuration sets it). */
    public void setRoutedListener(RoutedListener listener) {
        this.routedListener = listener;
    }

    @Override
    public void start() {
        Dispatcher d = connection.createDispatcher(this::onAdvisory);
        d.subscribe(MAX_DELIVERIES + ">", settings.getQueueGroup());
        if (settings.isIncludeTerminated()) {
            d.subscribe(TERMINATED + ">", settings.getQueueGroup());
        }
        dispatcher = d;
    }

    @Override
    public void stop() {
        Dispatcher d = dispatcher;
        dispatcher = null;
        if (d != null && connection.getStatus() != Connection.Status.CLOSED) {
            connection.closeDispatcher(d);
        }
    }

    @Override
    public boolean isRunning() {
        return dispatcher != null;
    }

    private void onAdvisory(Message advisory) {
        try {
            JsonNode event = json.readTree(advisory.getData());
            String stream = event.path("stream").asString();
            if (stream.isEmpty()
                    || stream.equals(settings.getStream())
                    || (!routedStreams.isEmpty() && !routedStreams.contains(stream))) {
                return;
            }
            boolean terminated = advisory.getSubject().startsWith(TERMINATED);
            route(
                    stream,
                    event.path("consumer").asString(),
                    event.path("stream_seq").asLong(),
                    event.path("deliveries").asLong(),
                    terminated,
                    event.path("reason").asString(""));
        } catch (RuntimeException | IOException | JetStreamApiException e) {
            log.error("Could not route a dead letter from advisory on " + advisory.getSubject() + ": " + e, e);
        }
    }

    private void route(
            String stream, String consumer, long sequence, long deliveries, boolean terminated, String detail)
            throws IOException, JetStreamApiException {
        MessageInfo original = jsm.getMessage(stream, sequence);
        Headers headers = new Headers();
        if (original.getHeaders() != null) {
            original.getHeaders().forEach((k, v) -> headers.add(k, v));
        }
        headers.put(DeadLetterHeaders.STREAM, stream);
        headers.put(DeadLetterHeaders.CONSUMER, consumer);
        headers.put(DeadLetterHeaders.SEQUENCE, Long.toString(sequence));
        headers.put(DeadLetterHeaders.DELIVERIES, Long.toString(deliveries));
        headers.put(DeadLetterHeaders.SUBJECT, original.getSubject());
        headers.put(
                DeadLetterHeaders.REASON,
                terminated ? DeadLetterHeaders.REASON_TERMINATED : DeadLetterHeaders.REASON_MAX_DELIVERIES);
        if (!detail.isEmpty()) {
            headers.put(DeadLetterHeaders.DETAIL, detail);
        }
        headers.remove(PUBLISH_ONLY_HEADERS);
        String subject = settings.getSubjectPrefix() + "." + stream + "." + original.getSubject();
        PublishOptions options = PublishOptions.builder()
                .messageId("dlq-" + stream + "-" + sequence)
                .expectedStream(settings.getStream())
                .build();
        jetStream.publish(subject, headers, original.getData(), options);
        routedListener.routed(
                stream,
                consumer,
                terminated ? DeadLetterHeaders.REASON_TERMINATED : DeadLetterHeaders.REASON_MAX_DELIVERIES);
        log.warn("Dead-lettered message " + stream + "#" + sequence + " (" + original.getSubject() + ", consumer "
                + consumer + ", " + deliveries + " deliveries" + (terminated ? ", terminated" : "") + ") to "
                + subject);
    }

    /** Stops before the connection drains. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
