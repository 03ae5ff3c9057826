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
import io.natsspring.broker.internal.jetstream.stream.Stream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

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
    private static final byte[] EMPTY = new byte[0];

    private final InternalPublisher publisher;
    private final ExecutorService executor;
    private final Map<String, List<InternalSubscription>> byStream = new HashMap<>();

    public DirectGetHandler(InternalPublisher publisher, ExecutorService executor) {
        this.publisher = publisher;
        this.executor = executor;
    }

    /** Subscribes or unsubscribes the stream's direct-get subjects to match its {@code allow_direct}. */
    public synchronized void sync(Stream stream) {
        boolean wanted = stream.config().allowDirect();
        boolean present = byStream.containsKey(stream.name());
        if (wanted && !present) {
            String base = PREFIX + stream.name();
            InternalSubscription byBody = new InternalSubscription(base, QUEUE, (m, b) -> accept(stream, m, false));
            InternalSubscription bySubject =
                    new InternalSubscription(base + ".>", QUEUE, (m, b) -> accept(stream, m, true));
            publisher.router().subscribe(byBody);
            publisher.router().subscribe(bySubject);
            byStream.put(stream.name(), List.of(byBody, bySubject));
        } else if (!wanted && present) {
            detach(stream.name());
        }
    }

    public synchronized void detach(String streamName) {
        List<InternalSubscription> subs = byStream.remove(streamName);
        if (subs != null) {
            for (InternalSubscription s : subs) {
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

    private boolean accept(Stream stream, InboundMessage m, boolean lastBySubject) {
        String reply = m.reply();
        if (reply == null) {
            return true;
        }
        String subject = m.subject();
        byte[] headers = m.headerBytes();
        byte[] body = m.payloadBytes();
        try {
            executor.execute(() -> answer(stream, reply, subject, headers, body, lastBySubject));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void answer(
            Stream stream, String reply, String subject, byte[] requestHeaders, byte[] body, boolean lastBySubject) {
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
            String key = subject.length() > PREFIX.length() + stream.name().length() + 1
                    ? subject.substring(PREFIX.length() + stream.name().length() + 1)
                    : "";
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
