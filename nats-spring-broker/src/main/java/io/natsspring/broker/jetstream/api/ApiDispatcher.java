package io.natsspring.broker.jetstream.api;

import io.natsspring.broker.client.InboundMessage;
import io.natsspring.broker.jetstream.InternalPublisher;
import io.natsspring.broker.jetstream.InternalSubscription;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Listens on the JetStream API subjects and runs each request on the API executor (never on a network event
 * loop). A subject nobody registered gets no answer from here, so the requester sees "no responders", as with
 * {@code nats-server}. Every answer carries {@code "type":"io.nats.jetstream.api.v1.<kind>_response"}.
 */
public final class ApiDispatcher {

    /** Prefix of every response type. */
    public static final String TYPE_PREFIX = "io.nats.jetstream.api.v1.";
    private static final System.Logger LOG = System.getLogger(ApiDispatcher.class.getName());

    private final InternalPublisher publisher;
    private final ExecutorService executor;
    private final ApiStats stats;
    private final List<InternalSubscription> subscriptions = new ArrayList<>();

    public ApiDispatcher(InternalPublisher publisher, ExecutorService executor, ApiStats stats) {
        this.publisher = publisher;
        this.executor = executor;
        this.stats = stats;
    }

    /**
     * Routes requests on {@code subject} (a pattern) to {@code handler}.
     *
     * @param kind response kind, e.g. {@code stream_info} for {@code io.nats.jetstream.api.v1.stream_info_response}
     */
    public synchronized void register(String subject, String kind, ApiHandler handler) {
        register(subject, kind, handler, null);
    }

    /**
     * Like {@link #register(String, String, ApiHandler)}; an error answer also carries {@code errorFields} (the
     * zero values {@code nats-server} writes next to {@code error}, e.g. {@code "total":0}), or nothing if
     * {@code null}.
     */
    public synchronized void register(String subject, String kind, ApiHandler handler, Object errorFields) {
        String type = TYPE_PREFIX + kind + "_response";
        ApiHandler h = errorFields == null ? handler : r -> {
            try {
                return handler.handle(r);
            } catch (ApiException e) {
                throw new ApiException(e.error(), errorFields);
            }
        };
        InternalSubscription s = new InternalSubscription(subject, null, (m, b) -> accept(m, type, h));
        subscriptions.add(s);
        publisher.router().subscribe(s);
    }

    /** Unsubscribes everything. */
    public synchronized void close() {
        for (InternalSubscription s : subscriptions) {
            s.close();
            publisher.router().unsubscribe(s);
        }
        subscriptions.clear();
    }

    private boolean accept(InboundMessage m, String type, ApiHandler handler) {
        ApiRequest r = new ApiRequest(m.subject(), m.reply(), m.headerLength() > 0 ? m.headerBytes() : null,
                m.payloadBytes());
        try {
            executor.execute(() -> handle(r, type, handler));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void handle(ApiRequest r, String type, ApiHandler handler) {
        stats.request();
        ObjectNode response = ApiJson.object();
        response.put("type", type);
        try {
            Object fields = handler.handle(r);
            if (fields != null) {
                response.setAll(ApiJson.tree(fields));
            }
        } catch (ApiException e) {
            stats.error();
            ApiJson.putError(response, e.error());
            if (e.responseFields() != null) {
                response.setAll(ApiJson.tree(e.responseFields()));
            }
        } catch (RuntimeException e) {
            stats.error();
            LOG.log(System.Logger.Level.WARNING, "JetStream API request on " + r.subject() + " failed", e);
            ApiJson.putError(response, JsApiError.STREAM_GENERAL.with(String.valueOf(e.getMessage())));
        }
        if (r.reply() != null) {
            publisher.publishNow(r.reply(), null, ApiJson.bytes(response));
        }
    }
}
