package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of system request handlers, keyed by subject pattern. Registering one subscribes an internal
 * subscriber in the system account's router (or, for the few services {@code nats-server} imports into every
 * account, in that account's router): a matching request is copied off the publisher's thread onto the
 * {@link SystemQueue}, handled there, and the answer published to the request's reply subject in the same
 * account. Adding a system request is one line:
 *
 * <pre>{@code
 * requests.register("$SYS.REQ.CLAIMS.UPDATE", r -> SystemRequest.data(Map.of("code", 200)));
 * requests.register("$SYS.REQ.ACCOUNT.*.CLAIMS.LOOKUP", r -> lookup(r.token(3)));
 * }</pre>
 *
 * Thread-safe.
 */
public final class SystemRequests implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SystemRequests.class.getName());

    private final String systemAccount;
    private final MessageRouter systemRouter;
    private final SystemQueue queue;
    private final ServerEnvelope envelope;
    private final List<Registration> registrations = new ArrayList<>();

    private record Registration(MessageRouter router, InternalSubscription subscription) {}

    public SystemRequests(
            String systemAccount, MessageRouter systemRouter, SystemQueue queue, ServerEnvelope envelope) {
        this.systemAccount = systemAccount;
        this.systemRouter = systemRouter;
        this.queue = queue;
        this.envelope = envelope;
    }

    /** Answers requests on {@code subjectPattern} (wildcards allowed) published in the system account. */
    public void register(String subjectPattern, SystemRequestHandler handler) {
        register(systemAccount, systemRouter, subjectPattern, handler);
    }

    /**
     * Answers requests on {@code subjectPattern} published in the account {@code account} whose router is {@code
     * router} (as {@code nats-server}'s system imports into every account do).
     */
    public void register(String account, MessageRouter router, String subjectPattern, SystemRequestHandler handler) {
        InternalSubscription s =
                new InternalSubscription(subjectPattern, null, (m, batch) -> received(account, router, m, handler));
        synchronized (registrations) {
            registrations.add(new Registration(router, s));
        }
        router.subscribe(s);
    }

    /** Subscriptions held by the registry (all accounts). */
    public int size() {
        synchronized (registrations) {
            return registrations.size();
        }
    }

    /** Subscriptions the registry holds in {@code router}. */
    public int size(MessageRouter router) {
        int n = 0;
        synchronized (registrations) {
            for (Registration r : registrations) {
                if (r.router() == router) {
                    n++;
                }
            }
        }
        return n;
    }

    private boolean received(String account, MessageRouter router, InboundMessage m, SystemRequestHandler handler) {
        SystemRequest request = new SystemRequest(
                m.subject(),
                m.hasReply() ? m.reply() : null,
                account,
                m.headerBytes(),
                m.payloadBytes(),
                MessageRouter.currentPublisher());
        queue.submit(() -> answer(router, request, handler));
        return true;
    }

    private void answer(MessageRouter router, SystemRequest request, SystemRequestHandler handler) {
        Object answer;
        try {
            answer = handler.handle(request);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "system request " + request.subject() + " failed: " + e);
            answer = SystemRequest.error(500, String.valueOf(e.getMessage()));
        }
        if (answer == null || request.reply() == null) {
            return;
        }
        FlushBatch batch = new FlushBatch();
        InternalPublisher publisher = new InternalPublisher(router);
        if (answer instanceof SystemAnswers several) {
            for (byte[] message : several.messages()) {
                publisher.publish(request.reply(), null, message, batch);
            }
        } else {
            publisher.publish(request.reply(), null, envelope.render(answer), batch);
        }
        batch.flushAll();
    }

    /** Unsubscribes every handler. */
    @Override
    public void close() {
        synchronized (registrations) {
            for (Registration r : registrations) {
                r.subscription().close();
                r.router().unsubscribe(r.subscription());
            }
            registrations.clear();
        }
    }
}
