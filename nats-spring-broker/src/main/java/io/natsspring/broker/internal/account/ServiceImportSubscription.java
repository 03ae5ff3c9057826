package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.client.Subscription;
import io.natsspring.broker.internal.routing.SubjectTransform;
import io.natsspring.broker.internal.trace.MessageTrace;
import io.natsspring.broker.internal.trace.TraceHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service import: subscribed in the importing account's router on the local subject, it republishes each request
 * in the exporting account under the exported subject. A request's reply subject is replaced by a fresh
 * {@code _R_.…} subject of the exporting account, as in {@code nats-server}, whose {@link ResponseSubscription}
 * carries the answers back to the requester. At most {@link #MAX_PENDING} requests wait for answers per import;
 * beyond that a request goes through without a way back. The way back closes after the export's
 * {@code response_threshold} (2 minutes by default): later answers are dropped, as in {@code nats-server}. With
 * latency tracking on the export, sampled requests of a singleton service are measured ({@link LatencyMeasurement});
 * their reply subject carries {@code nats-server}'s tracking mark ({@code .<server hash>.T}).
 */
final class ServiceImportSubscription extends Subscription {

    static final int MAX_PENDING = 100_000;
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final MessageRouter importer;
    private final MessageRouter exporter;
    private final SubjectTransform remote;
    private final AccountSpec.Responses responses;
    private final ScheduledExecutorService timers;
    private final long thresholdNanos;
    private final String replyPrefix;
    private final AtomicLong nextReply = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    /** The export's latency tracking, or {@code null}. */
    private final LatencyReports latency;
    /** Who imports and exports, and how: the request info and trace rules of this import. */
    private final ServiceImportRoute route;
    /** The import that forwarded the request being routed on this thread (chained imports), or {@code null}. */
    private static final ThreadLocal<ServiceImportSubscription> FORWARDING = new ThreadLocal<>();

    ServiceImportSubscription(
            String localSubject,
            MessageRouter importer,
            MessageRouter exporter,
            SubjectTransform remote,
            AccountSpec.Responses responses,
            ScheduledExecutorService timers,
            Duration responseThreshold,
            LatencyReports latency,
            ServiceImportRoute route) {
        super(localSubject, null);
        this.route = route;
        this.latency = latency;
        this.thresholdNanos = responseThreshold.toNanos();
        this.importer = importer;
        this.exporter = exporter;
        this.remote = remote;
        this.responses = responses;
        this.timers = timers;
        this.replyPrefix = "_R_." + randomToken(6) + "." + randomToken(6) + ".";
    }

    @Override
    public ClientConnection owner() {
        return null;
    }

    @Override
    public boolean deliver(InboundMessage m, FlushBatch batch) {
        return deliver(m, null, batch);
    }

    @Override
    public boolean deliver(InboundMessage m, ClientConnection publisher, FlushBatch batch) {
        String reply = m.reply();
        String mappedReply = null;
        ResponseSubscription back = null;
        Map<String, List<String>> sampled =
                latency == null ? null : LatencySampling.sample(latency.latency(), m.headerBytes());
        if (reply != null && pending.incrementAndGet() <= MAX_PENDING) {
            boolean tracked = sampled != null && responses == AccountSpec.Responses.SINGLETON;
            mappedReply = replyPrefix + Long.toString(nextReply.incrementAndGet(), 36);
            if (tracked) {
                mappedReply = mappedReply + "." + latency.server().hash() + ".T";
            }
            back = new ResponseSubscription(
                    mappedReply,
                    exporter,
                    importer,
                    reply,
                    responses == AccountSpec.Responses.SINGLETON,
                    pending::decrementAndGet,
                    tracked ? new LatencyMeasurement(latency, publisher, sampled) : null);
            exporter.subscribe(back);
            back.expiresWith(timers.schedule(back::expire, thresholdNanos, TimeUnit.NANOSECONDS));
        } else if (reply != null) {
            pending.decrementAndGet();
        } else if (sampled != null) {
            latency.badRequest(publisher, sampled, batch);
        }
        String to = remote.apply(m.subject());
        ServiceImportSubscription previous = FORWARDING.get();
        byte[] headers =
                route.withRequestInfo(m.headerBytes(), publisher, reply, previous == null ? null : previous.route);
        MessageTrace trace = m.trace();
        MessageTrace carried = null;
        if (trace != null) {
            trace.serviceImport(route.exporter(), m.subject(), to);
            if (route.allowTrace()) {
                // as nats-server: the trace goes on in the exporting account, whose receivers see a reply subject of
                // that account as the trace destination (in one server it routes nowhere once the routing is over)
                carried = trace;
                headers = RequestInfo.put(
                        headers, TraceHeaders.DEST, replyPrefix + Long.toString(nextReply.incrementAndGet(), 36));
            } else if (trace.traceOnly()) {
                // as nats-server: a trace-only message stops at an import that does not allow tracing
                if (back != null) {
                    back.end(true, batch);
                }
                return true;
            } else {
                // delivered, but neither traced further nor traced again by whoever receives it
                headers = RequestInfo.put(headers, TraceHeaders.DEST, TraceHeaders.DISABLED);
            }
        }
        InboundMessage request = InboundMessage.of(to, mappedReply, headers, m.payloadBytes());
        if (carried != null) {
            request.trace(carried);
        }
        boolean delivered;
        FORWARDING.set(this);
        try {
            delivered = exporter.route(request, publisher, batch) > 0;
        } finally {
            FORWARDING.set(previous);
        }
        if (!delivered && back != null) {
            back.end(true, batch);
        }
        return delivered;
    }

    int pending() {
        return Math.max(0, pending.get());
    }

    private static String randomToken(int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }
}
