package io.natsspring.broker.internal.trace;

import io.natsspring.broker.internal.time.GoTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trace of one published message through this server, rendered as {@code nats-server}'s trace event
 * ({@code {"server":{…},"request":{"header":{…},"msgsize":n},"hops":n,"events":[…]}}) and sent once: when the
 * routing is over and, if a stream took the message, when the stream is done with it. Thread-safe.
 */
public final class MessageTrace {

    /** Connection kinds as {@code nats-server} numbers them in events. */
    public static final int CLIENT = 0;

    /** A leaf-node connection. */
    public static final int LEAF = 4;

    /** Egress error: the publisher does not want its own messages. */
    public static final String NO_ECHO = "Not delivered because of no echo";
    /** Egress error: the subscriber's permissions deny the subject. */
    public static final String SUB_DENY = "Not delivered because subscription denies this subject";
    /** Egress error: the subscription reached its auto-unsubscribe limit. */
    public static final String AUTO_UNSUB = "Not delivered because auto-unsubscribe exceeded";
    /** Egress error: the subscriber's connection is closed. */
    public static final String CLIENT_CLOSED = "Not delivered because client is closed";
    /** Egress error: trace-only message to a remote that would deliver it. */
    public static final String ONLY_NO_SUPPORT = "Not delivered because remote does not support message tracing";
    /** Egress error: a link's permissions do not let the message out. */
    public static final String PUB_VIOLATION = "Not delivered because publish denied for this subject";
    /** Egress error: delivered to a remote that sends no event of its own. */
    public static final String NO_SUPPORT =
            "Message delivered but remote does not support message tracing so no trace event generated from there";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Publishes a finished event. */
    @FunctionalInterface
    public interface Sender {
        /** Publishes {@code json} on {@code dest} in the traced message's account, from the server. */
        void send(String dest, Map<String, Object> event);
    }

    private final String dest;
    private final boolean traceOnly;
    private final String account;
    private final Map<String, List<String>> headers;
    private final int msgSize;
    /** The {@code Nats-Trace-Hop} the message arrived with over a link ({@code null}: from a client). */
    private final String hop;

    private int hops;
    private final Sender sender;
    private final List<Map<String, Object>> events = new ArrayList<>(4);
    private final Map<String, Object> ingress;
    private final AtomicInteger pending = new AtomicInteger(1);

    private MessageTrace(
            TraceHeaders.Found found,
            String dest,
            boolean traceOnly,
            int kind,
            long cid,
            String name,
            String account,
            String subject,
            int msgSize,
            Sender sender) {
        this.dest = dest;
        this.traceOnly = traceOnly;
        this.account = account;
        this.headers = found.headers();
        this.msgSize = msgSize;
        this.hop = kind == CLIENT ? null : found.first(TraceHeaders.HOP);
        this.sender = sender;
        this.ingress = event("in");
        ingress.put("kind", kind);
        ingress.put("cid", cid);
        if (name != null && !name.isEmpty()) {
            ingress.put("name", name);
        }
        ingress.put("acc", account);
        ingress.put("subj", subject);
        events.add(ingress);
    }

    /**
     * A trace for a message whose headers carry {@code found}: the destination is {@code Nats-Trace-Dest}, or for
     * an external ({@code traceparent}) trace the account's {@code msg_trace} destination {@code accountDest}
     * ({@code null}: no trace). {@code null} when there is nothing to trace.
     */
    public static MessageTrace begin(
            TraceHeaders.Found found,
            String accountDest,
            int kind,
            long cid,
            String name,
            String account,
            String subject,
            int msgSize,
            Sender sender) {
        String dest;
        boolean only = false;
        if (found.external()) {
            dest = accountDest;
        } else {
            dest = found.first(TraceHeaders.DEST);
            String o = found.first(TraceHeaders.ONLY);
            if (o != null) {
                String v = o.toLowerCase(Locale.ROOT);
                only = v.equals("1") || v.equals("true") || v.equals("on");
            }
        }
        if (dest == null || dest.isEmpty()) {
            return null;
        }
        return new MessageTrace(found, dest, only, kind, cid, name, account, subject, msgSize, sender);
    }

    /** Whether {@code Nats-Trace-Only} asks for the trace without delivery. */
    public static boolean traceOnlyRequested(TraceHeaders.Found found) {
        if (found == null || found.external()) {
            return false;
        }
        String o = found.first(TraceHeaders.ONLY);
        if (o == null) {
            return false;
        }
        String v = o.toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("on");
    }

    /** The subject the event goes to. */
    public String dest() {
        return dest;
    }

    /** True when the message is traced but not delivered. */
    public boolean traceOnly() {
        return traceOnly;
    }

    /** The account of the publisher. */
    public String account() {
        return account;
    }

    /** The message was refused at ingress with {@code error} (nats-server's wording). */
    public synchronized void ingressError(String error) {
        ingress.put("error", error);
    }

    /** A subject mapping rewrote the subject to {@code to}. */
    public synchronized void mapped(String to) {
        Map<String, Object> e = event("sm");
        e.put("to", to);
        events.add(e);
    }

    /** A stream export took the message into account {@code acc} under subject {@code to}. */
    public synchronized void streamExport(String acc, String to) {
        Map<String, Object> e = event("se");
        e.put("acc", acc);
        e.put("to", to);
        events.add(e);
    }

    /** A service import forwarded the message from {@code from} to account {@code acc} under {@code to}. */
    public synchronized void serviceImport(String acc, String from, String to) {
        Map<String, Object> e = event("si");
        e.put("acc", acc);
        e.put("from", from);
        e.put("to", to);
        events.add(e);
    }

    /**
     * One delivery (or refusal, {@code error} not {@code null}) to a connection: {@code sub}/{@code queue} for a
     * client, {@code acc} when the subscriber's account differs from the publisher's.
     */
    public synchronized void egress(
            int kind, long cid, String name, String sub, String queue, String acc, String error) {
        Map<String, Object> e = event("eg");
        e.put("kind", kind);
        e.put("cid", cid);
        if (name != null && !name.isEmpty()) {
            e.put("name", name);
        }
        if (acc != null && !acc.equals(account)) {
            e.put("acc", acc);
        }
        if (sub != null) {
            e.put("sub", sub);
        }
        if (queue != null && !queue.isEmpty()) {
            e.put("queue", queue);
        }
        if (error != null) {
            e.put("error", error);
        }
        events.add(e);
    }

    /**
     * The message goes out over one more link: counts the hop and returns its {@code Nats-Trace-Hop} value
     * ({@code <hops>}, or {@code <arrival hop>.<hops>} for a message that came over a link), as {@code nats-server}.
     */
    public synchronized String nextHop() {
        hops++;
        return hop == null || hop.isEmpty() ? Integer.toString(hops) : hop + "." + hops;
    }

    /**
     * One delivery (or refusal, {@code error} not {@code null}) to another server over a link of kind {@code kind}:
     * {@code name} is the peer server's, {@code hop} the {@code Nats-Trace-Hop} the message went out with,
     * {@code acc} shown when the link's account differs from the publisher's.
     */
    public synchronized void egressLink(int kind, long cid, String name, String hop, String acc, String error) {
        Map<String, Object> e = event("eg");
        e.put("kind", kind);
        e.put("cid", cid);
        if (name != null && !name.isEmpty()) {
            e.put("name", name);
        }
        if (hop != null && !hop.isEmpty()) {
            e.put("hop", hop);
        }
        if (acc != null && !acc.equals(account)) {
            e.put("acc", acc);
        }
        if (error != null) {
            e.put("error", error);
        }
        events.add(e);
    }

    /**
     * A stream ({@code stream}) took the message; the event is sent only after {@link #jetStreamDone} as well.
     * Returns the JetStream event to complete.
     */
    public synchronized Map<String, Object> jetStream(String stream) {
        Map<String, Object> e = event("js");
        e.put("stream", stream);
        events.add(e);
        pending.incrementAndGet();
        return e;
    }

    /** The stream is done: stored under {@code subject} (or refused with {@code error}). */
    public void jetStreamDone(Map<String, Object> js, String subject, boolean noInterest, String error) {
        synchronized (this) {
            js.put("ts", GoTime.format(Instant.now()));
            if (subject != null && !subject.isEmpty()) {
                js.put("subject", subject);
            }
            if (noInterest) {
                js.put("nointerest", true);
            }
            if (error != null) {
                js.put("error", error);
            }
        }
        done();
    }

    /** The routing of the message is over. */
    public void routed() {
        done();
    }

    private void done() {
        if (pending.decrementAndGet() == 0) {
            sender.send(dest, render());
        }
    }

    /** The event without the {@code server} block (the sender puts it first). */
    private synchronized Map<String, Object> render() {
        Map<String, Object> request = new LinkedHashMap<>();
        if (!headers.isEmpty()) {
            request.put("header", headers);
        }
        if (msgSize > 0) {
            request.put("msgsize", msgSize);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request", request);
        if (hops > 0) {
            m.put("hops", hops);
        }
        m.put("events", new ArrayList<>(events));
        return m;
    }

    /** Renders an event with the server block {@code server} first. */
    public static byte[] json(Map<String, Object> server, Map<String, Object> event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", server);
        m.putAll(event);
        return JSON.writeValueAsBytes(m);
    }

    private static Map<String, Object> event(String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("ts", GoTime.format(Instant.now()));
        return e;
    }
}
