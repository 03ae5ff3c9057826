package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.jetstream.account.StreamListener;
import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import io.natsspring.broker.internal.jetstream.stream.SourcingStatus;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Direct get ({@code $JS.API.DIRECT.GET.<stream>} with a JSON body, {@code $JS.API.DIRECT.GET.<stream>.<subject>}
 * for the last message on a subject) for streams with {@code allow_direct}. Answers with the stored message
 * itself plus {@code Nats-Stream/Subject/Sequence/Time-Stamp} headers, batches and multi-last reads (see
 * {@link DirectReads}), or a header-only status message ({@code 404 Message Not Found}, {@code 408 …},
 * {@code 412 Required Api Level}) like {@code nats-server}. Runs on its own executor so it never
 * waits behind administrative requests.
 */
public final class DirectGetHandler implements StreamListener {

    private static final String PREFIX = "$JS.API.DIRECT.GET.";
    private static final String QUEUE = "_sys_";
    private static final long CAUGHT_UP_LAG = 10;
    private static final byte[] EMPTY = new byte[0];

    private final InternalPublisher publisher;
    private final ExecutorService executor;
    private final Map<String, Subscribed> byStream = new HashMap<>();

    public DirectGetHandler(InternalPublisher publisher, ExecutorService executor) {
        this.publisher = publisher;
        this.executor = executor;
    }

    /**
     * Subscribes or unsubscribes the stream's direct-get subjects to match its {@code allow_direct}, and for a
     * mirror with {@code mirror_direct} also its origin's ({@code $JS.API.DIRECT.GET.<origin>[.>]}, in the same
     * queue group as the origin's own, answered from the mirror's store as {@code nats-server} does).
     */
    public synchronized void sync(Stream stream) {
        List<String> wanted = new ArrayList<>(2);
        if (stream.config().allowDirect()) {
            wanted.add(stream.name());
        }
        String origin = mirrorOrigin(stream);
        if (origin != null && !wanted.contains(origin)) {
            wanted.add(origin);
        }
        Subscribed present = byStream.get(stream.name());
        if (present != null && present.names().equals(wanted)) {
            return;
        }
        detach(stream.name());
        if (wanted.isEmpty()) {
            return;
        }
        List<InternalSubscription> subs = new ArrayList<>();
        AtomicBoolean caughtUp = new AtomicBoolean();
        for (String name : wanted) {
            String base = PREFIX + name;
            int keyStart = base.length() + 1;
            boolean forOrigin = !name.equals(stream.name());
            InternalSubscription byBody = new InternalSubscription(
                    base, QUEUE, (m, b) -> serves(stream, forOrigin, caughtUp) && accept(stream, m, false, keyStart));
            InternalSubscription bySubject = new InternalSubscription(
                    base + ".>",
                    QUEUE,
                    (m, b) -> serves(stream, forOrigin, caughtUp) && accept(stream, m, true, keyStart));
            publisher.router().subscribe(byBody);
            publisher.router().subscribe(bySubject);
            subs.add(byBody);
            subs.add(bySubject);
        }
        byStream.put(stream.name(), new Subscribed(List.copyOf(wanted), subs));
    }

    /**
     * Whether this stream answers now: always for its own subjects; for its origin's only once the mirror has
     * caught up (lag under {@value #CAUGHT_UP_LAG}, as {@code nats-server} subscribes then) and from then on. A
     * refusal lets the router pass the request to another member of the queue group (the origin).
     */
    private static boolean serves(Stream stream, boolean forOrigin, AtomicBoolean caughtUp) {
        if (!forOrigin || caughtUp.get()) {
            return true;
        }
        SourcingStatus.Source mirror = stream.sourcing().mirror();
        if (mirror != null && mirror.activeNanos() >= 0 && mirror.lag() < CAUGHT_UP_LAG) {
            caughtUp.set(true);
            return true;
        }
        return false;
    }

    /** The origin a {@code mirror_direct} mirror also answers for, or {@code null}. */
    private static String mirrorOrigin(Stream stream) {
        if (!stream.config().mirrorDirect() || stream.config().mirror() == null) {
            return null;
        }
        String name = StreamSource.of(stream.config().mirror()).name();
        return name == null || name.isEmpty() ? null : name;
    }

    /** The stream names whose direct-get subjects a stream answers, and those subscriptions. */
    private record Subscribed(List<String> names, List<InternalSubscription> subs) {}

    public synchronized void detach(String streamName) {
        Subscribed subscribed = byStream.remove(streamName);
        if (subscribed != null) {
            for (InternalSubscription s : subscribed.subs()) {
                s.close();
                publisher.router().unsubscribe(s);
            }
        }
    }

    public synchronized void close() {
        for (String name : List.copyOf(byStream.keySet())) {
            detach(name);
        }
    }

    private boolean accept(Stream stream, InboundMessage m, boolean lastBySubject, int keyStart) {
        String reply = m.reply();
        if (reply == null) {
            return true;
        }
        String subject = m.subject();
        byte[] headers = m.headerBytes();
        byte[] body = m.payloadBytes();
        try {
            executor.execute(() -> answer(stream, reply, subject, headers, body, lastBySubject, keyStart));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void answer(
            Stream stream,
            String reply,
            String subject,
            byte[] requestHeaders,
            byte[] body,
            boolean lastBySubject,
            int keyStart) {
        if (requestHeaders != null
                && requestHeaders.length > 0
                && ApiLevel.refuses(NatsHeaders.get(requestHeaders, ApiLevel.REQUIRED_HEADER))) {
            status(reply, "412 Required Api Level");
            return;
        }
        MessageLookup lookup;
        if (lastBySubject) {
            lookup = MessageLookup.lastFor(null);
            if (body.length != 0) {
                try {
                    lookup = MessageLookup.read(body);
                } catch (ApiException e) {
                    status(reply, "408 Malformed Request");
                    return;
                }
            }
            String key = subject.length() > keyStart ? subject.substring(keyStart) : "";
            if (key.isEmpty() || lookup.hasSelection()) {
                status(reply, "408 Bad Request");
                return;
            }
            lookup = lookup.withLastFor(key);
        } else {
            if (body.length == 0) {
                status(reply, "408 Empty Request");
                return;
            }
            try {
                lookup = MessageLookup.read(body);
            } catch (ApiException e) {
                status(
                        reply,
                        e.error().errCode() == JsApiError.INVALID_JSON.errCode()
                                ? "408 Malformed Request"
                                : emptyOrBad(body));
                return;
            }
            if (lookup.selectsNothing()) {
                status(reply, "408 Empty Request");
                return;
            }
            if (lookup.conflicting()) {
                status(reply, "408 Bad Request");
                return;
            }
        }
        try {
            DirectReads.answer(stream.name(), stream.store(), lookup, (h, p) -> publisher.publishNow(reply, h, p));
        } catch (RuntimeException e) {
            status(reply, "404 Message Not Found");
        }
    }

    private static String emptyOrBad(byte[] body) {
        return ApiJson.isEmptyRequest(body) ? "408 Empty Request" : "408 Bad Request";
    }

    private void status(String reply, String status) {
        publisher.publishNow(reply, ("NATS/1.0 " + status + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), EMPTY);
    }

    @Override
    public void streamChanged(Stream stream) {
        sync(stream);
    }

    @Override
    public void streamDeleted(String name) {
        detach(name);
    }
}
