package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.InternalClient;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.client.RemoteLink;
import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Listens on the JetStream API subjects and runs each request on an API thread (never on a network event loop), on
 * its {@link ApiLane}: reads unordered, requests on one stream in order per stream, stream create/update/delete alone
 * (see {@link ApiLanes}), so that one slow request delays only what must wait for it.
 * A subject nobody registered gets no answer from here, so the requester sees "no responders", as with
 * {@code nats-server}. Every answer carries {@code "type":"io.nats.jetstream.api.v1.<kind>_response"}.
 *
 * <p>The requests waiting for the API threads are bounded as in {@code nats-server}, which counts reads (its "info
 * queue") apart from the rest, each against the limit: when one reaches it, every request queued there is dropped
 * unanswered, a warning is logged and the {@link ApiLimitAdvisory} is published. Handlers whose work runs on a stream's thread are {@link AsyncApiHandler}s, so one slow stream delays
 * only its own requests. The offline errors {@code nats-server} answers late are sent by {@link DelayedErrorAnswers}.
 */
public final class ApiDispatcher {

    /** Prefix of every response type. */
    public static final String TYPE_PREFIX = "io.nats.jetstream.api.v1.";
    /** {@code nats-server}'s default {@code jetstream.request_queue_limit} ({@code JSDefaultRequestQueueLimit}). */
    public static final int DEFAULT_QUEUE_LIMIT = 10_000;

    private static final System.Logger LOG = System.getLogger(ApiDispatcher.class.getName());

    private final InternalPublisher publisher;
    private final ApiAdvisories advisories;
    private final ApiStats stats;
    private final int queueLimit;
    private final int infoQueueLimit;
    private final ApiLimitAdvisory limitAdvisory;
    private final ApiLanes lanes = new ApiLanes();
    private final DelayedErrorAnswers delayed;
    private final List<InternalSubscription> subscriptions = new ArrayList<>();
    private volatile JsApiError refusal;

    /**
     * @param queueLimit  most requests waiting for the API thread before the queue is dropped
     * @param advisories  where the limit advisory is published from (not a network thread, not the API thread); when a
     *                    scheduler, it also sends the offline errors answered late ({@link DelayedErrorAnswers})
     */
    public ApiDispatcher(
            InternalPublisher publisher, ApiStats stats, int queueLimit, String serverName, Executor advisories) {
        this(publisher, stats, queueLimit, serverName, advisories, null);
    }

    /**
     * As {@link #ApiDispatcher(InternalPublisher, ApiStats, int, String, Executor)} on a server with the JetStream
     * {@code domain} ({@code null}: none), which the advisories carry.
     */
    public ApiDispatcher(
            InternalPublisher publisher,
            ApiStats stats,
            int queueLimit,
            String serverName,
            Executor advisories,
            String domain) {
        this(publisher, stats, queueLimit, queueLimit, serverName, advisories, domain);
    }

    /**
     * As {@link #ApiDispatcher(InternalPublisher, ApiStats, int, String, Executor, String)} with the info requests
     * limited apart ({@code info_queue_limit}).
     */
    public ApiDispatcher(
            InternalPublisher publisher,
            ApiStats stats,
            int queueLimit,
            int infoQueueLimit,
            String serverName,
            Executor advisories,
            String domain) {
        if (infoQueueLimit <= 0) {
            throw new IllegalArgumentException("info_queue_limit must be positive, was " + infoQueueLimit);
        }
        if (queueLimit <= 0) {
            throw new IllegalArgumentException("request_queue_limit must be positive, was " + queueLimit);
        }
        this.publisher = publisher;
        this.stats = stats;
        this.queueLimit = queueLimit;
        this.infoQueueLimit = infoQueueLimit;
        this.limitAdvisory = new ApiLimitAdvisory(publisher, serverName, advisories, domain);
        this.advisories = new ApiAdvisories(publisher, serverName, domain);
        this.delayed = new DelayedErrorAnswers(advisories);
    }

    /**
     * Routes requests on {@code subject} (a pattern) to {@code handler}, which answers on the API thread.
     *
     * @param kind response kind, e.g. {@code stream_info} for {@code io.nats.jetstream.api.v1.stream_info_response}
     */
    void register(String subject, String kind, ApiHandler handler) {
        register(subject, kind, handler, null);
    }

    /**
     * Like {@link #register(String, String, ApiHandler)}; an error answer also carries {@code errorFields} (the
     * zero values {@code nats-server} writes next to {@code error}, e.g. {@code "total":0}), or nothing if
     * {@code null}.
     */
    void register(String subject, String kind, ApiHandler handler, Object errorFields) {
        registerAsync(subject, kind, r -> CompletableFuture.completedFuture(handler.handle(r)), errorFields);
    }

    /** Routes requests on {@code subject} to {@code handler}, which answers when its stage completes. */
    void registerAsync(String subject, String kind, AsyncApiHandler handler) {
        registerAsync(subject, kind, handler, null);
    }

    /** Like {@link #registerAsync(String, String, AsyncApiHandler)}, with {@code errorFields} as in {@link #register(String, String, ApiHandler, Object)}. */
    synchronized void registerAsync(String subject, String kind, AsyncApiHandler handler, Object errorFields) {
        String type = TYPE_PREFIX + kind + "_response";
        JsApiError refused = refusal;
        AsyncApiHandler run = refused == null
                ? r -> {
                    checkApiLevel(r);
                    return handler.handle(r);
                }
                : r -> {
                    throw refused.exception();
                };
        AsyncApiHandler h = errorFields == null ? run : r -> withErrorFields(run, r, errorFields);
        InternalSubscription s = new InternalSubscription(subject, null, (m, b) -> accept(m, type, h));
        subscriptions.add(s);
        publisher.router().subscribe(s);
    }

    /**
     * Makes every handler registered from now on answer {@code error} instead of running (with its error fields):
     * {@code nats-server}'s answer in an account without JetStream on a server with JetStream.
     */
    public void refuseAllWith(JsApiError error) {
        this.refusal = error;
    }

    /** Unsubscribes everything; queued requests still run (see {@link #shutdown()}). */
    public synchronized void close() {
        for (InternalSubscription s : subscriptions) {
            s.close();
            publisher.router().unsubscribe(s);
        }
        subscriptions.clear();
    }

    /** Stops the API threads after the queued requests, waiting up to 5 s. */
    public void shutdown() {
        lanes.shutdown(5);
    }

    private boolean accept(InboundMessage m, String type, AsyncApiHandler handler) {
        // the sender: the broker's own (set just around its publication), else a client, else a leaf link
        InternalClient internal = InternalClient.current();
        ClientConnection publisher = internal == null ? MessageRouter.currentPublisher() : null;
        RemoteLink link = internal == null && publisher == null ? MessageRouter.currentLink() : null;
        ApiRequest r = new ApiRequest(
                m.subject(),
                m.reply(),
                m.headerLength() > 0 ? m.headerBytes() : null,
                m.payloadBytes(),
                publisher,
                link,
                internal);
        ApiLane lane = ApiLane.of(r.subject());
        try {
            lanes.execute(lane, () -> handle(r, type, handler));
        } catch (RejectedExecutionException e) {
            return false;
        }
        // two queues as in nats-server: a flood of reads drops only waiting reads, and the other way round
        boolean read = lane.kind() == ApiLane.Kind.READ;
        int pending = read ? lanes.queuedReads() : lanes.queuedAdmin();
        if (pending >= (read ? infoQueueLimit : queueLimit)) {
            int dropped = read ? lanes.dropQueuedReads() : lanes.dropQueuedAdmin();
            if (dropped > 0) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "{0} limit reached, dropping {1} requests",
                        read ? "JetStream API info queue" : "JetStream API queue",
                        String.valueOf(pending));
                limitAdvisory.publish(dropped);
            }
        }
        return true;
    }

    private void handle(ApiRequest r, String type, AsyncApiHandler handler) {
        Hook hook = testHook;
        if (hook != null) {
            hook.beforeHandling(r.subject());
        }
        stats.request();
        CompletionStage<?> answer;
        try {
            answer = handler.handle(r);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((fields, failure) -> respond(r, type, fields, failure));
    }

    private void respond(ApiRequest r, String type, Object fields, Throwable failure) {
        ObjectNode response = ApiJson.object();
        response.put("type", type);
        byte[] headers = null;
        if (fields instanceof HeaderedAnswer h) {
            fields = h.fields();
            headers = h.headers();
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) {
            if (fields != null) {
                response.setAll(ApiJson.tree(fields));
            }
        } else if (cause instanceof ApiException e) {
            stats.error();
            ApiJson.putError(response, e.error());
            if (e.responseFields() != null) {
                response.setAll(ApiJson.tree(e.responseFields()));
            }
        } else {
            stats.error();
            LOG.log(System.Logger.Level.WARNING, "JetStream API request on " + r.subject() + " failed", cause);
            ApiJson.putError(response, JsApiError.STREAM_GENERAL.with(String.valueOf(cause.getMessage())));
        }
        byte[] answer = ApiJson.bytes(response);
        byte[] answerHeaders = cause == null ? headers : null;
        if (cause instanceof ApiException e
                && DelayedErrorAnswers.delays(r.subject(), e.error())
                && delayed.schedule(() -> send(r, answerHeaders, answer))) {
            return;
        }
        send(r, answerHeaders, answer);
    }

    private void send(ApiRequest r, byte[] headers, byte[] answer) {
        if (r.reply() != null) {
            publisher.publishNow(r.reply(), headers, answer);
        }
        advisories.audit(r, answer);
    }

    /** Runs {@code task} on an API thread, alone and after every request that arrived before it. */
    void execute(Runnable task) {
        lanes.execute(ApiLane.exclusive(), task);
    }

    /** Where answers are published. */
    InternalPublisher publisher() {
        return publisher;
    }

    /** Called on the API thread before a request is handled; a test makes a request slow with it. */
    @FunctionalInterface
    interface Hook {
        void beforeHandling(String subject);
    }

    private static volatile Hook testHook;

    /** Installs (or with {@code null} removes) the hook every dispatcher calls before handling a request. */
    static void testHook(Hook hook) {
        testHook = hook;
    }

    /** The API's own advisories (stream actions, audit). */
    ApiAdvisories advisories() {
        return advisories;
    }

    /** Refuses a request whose {@code Nats-Required-Api-Level} this broker does not reach (ADR-44). */
    private static void checkApiLevel(ApiRequest r) {
        if (r.headers() != null && ApiLevel.refuses(NatsHeaders.get(r.headers(), ApiLevel.REQUIRED_HEADER))) {
            throw JsApiError.REQUIRED_API_LEVEL.exception();
        }
    }

    private static CompletionStage<?> withErrorFields(AsyncApiHandler handler, ApiRequest r, Object errorFields) {
        CompletionStage<?> stage;
        try {
            stage = handler.handle(r);
        } catch (ApiException e) {
            throw new ApiException(e.error(), errorFields);
        }
        CompletableFuture<Object> answer = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause == null) {
                answer.complete(value);
            } else if (cause instanceof ApiException e) {
                answer.completeExceptionally(new ApiException(e.error(), errorFields));
            } else {
                answer.completeExceptionally(cause);
            }
        });
        return answer;
    }
}
