package io.natsspring.broker.internal.leaf;

import io.natsspring.broker.internal.account.Account;
import io.natsspring.broker.internal.client.ClientInfoJson;
import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.LinkAddressing;
import io.natsspring.broker.internal.client.RemoteLink;
import io.natsspring.broker.internal.client.Subscription;
import io.natsspring.broker.internal.routing.Subjects;
import io.natsspring.broker.internal.trace.MessageTrace;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One leaf-node connection, in either role: {@code solicited} (this server is the leaf, it connected to a hub) or
 * accepted (this server is the hub). After the handshake ({@link LeafHandshake}) the link is bound to one local
 * account: the peer's {@code LS+} become {@link LeafSubscription}s in that account's router, the account's interest
 * goes out as {@code LS+}/{@code LS-} ({@link LeafInterest}), and messages cross as {@code LMSG}/{@code HMSG}.
 */
final class LeafLink extends ChannelInboundHandlerAdapter implements LeafOps, RemoteLink {

    private static final System.Logger LOG = System.getLogger(LeafLink.class.getName());
    /** nats-server's delay before soliciting again after a loop was detected. */
    static final long LOOP_RECONNECT_DELAY_SECONDS = 30;

    private static final long MAX_PENDING = 64L * 1024 * 1024;

    private final LeafNodes nodes;
    /** nats-server's firstPingInterval for routes and leaf nodes. */
    private static final long FIRST_PING_MILLIS = 1000;

    private final long id;
    private final LeafHandshake handshake;
    private final LeafProtocolParser parser;
    private final Map<String, LeafSubscription> remoteSubs = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long startedMillis = System.currentTimeMillis();

    final AtomicLong inMsgs = new AtomicLong();
    final AtomicLong outMsgs = new AtomicLong();
    final AtomicLong inBytes = new AtomicLong();
    final AtomicLong outBytes = new AtomicLong();

    private Channel channel;
    private ByteBuf cumulation;
    private LeafOutbound out;
    private volatile Account account;
    private volatile LeafInterest interest;
    private volatile boolean established;
    private volatile long establishedMillis;
    private volatile SubjectFilter exportDeny = SubjectFilter.NONE;
    private volatile SubjectFilter importDeny = SubjectFilter.NONE;
    private volatile long rttNanos;
    private long pingSentNanos;
    private int pingsOut;
    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> handshakeTimer;
    private volatile String closeReason;

    /** An accepted link (a leaf node connected to this hub). */
    LeafLink(LeafNodes nodes, long id) {
        this(nodes, id, null, null);
    }

    /** A solicited link to {@code url} for {@code remote}. */
    LeafLink(LeafNodes nodes, long id, LeafSettings.Remote remote, URI url) {
        this.nodes = nodes;
        this.id = id;
        this.handshake = new LeafHandshake(nodes, this, remote, url);
        this.parser = new LeafProtocolParser(nodes.maxPayload());
    }

    long id() {
        return id;
    }

    boolean solicited() {
        return handshake.solicited();
    }

    LeafHandshake handshake() {
        return handshake;
    }

    Account account() {
        return account;
    }

    long startedMillis() {
        return startedMillis;
    }

    long rttNanos() {
        return rttNanos;
    }

    /** When the handshake succeeded (epoch millis), 0 before. */
    long establishedMillis() {
        return establishedMillis;
    }

    int subscriptionCount() {
        return remoteSubs.size();
    }

    /** The peer's interest held here, sorted. */
    List<String> subscriptionKeys() {
        List<String> keys = new ArrayList<>(remoteSubs.keySet());
        keys.sort(null);
        return keys;
    }

    InetSocketAddress remoteAddress() {
        Channel c = channel;
        return c == null ? null : (InetSocketAddress) c.remoteAddress();
    }

    /** Whether the handshake succeeded (stays true once the link closed: see {@link #isClosed()}). */
    boolean established() {
        return established && !closed.get();
    }

    boolean wasEstablished() {
        return established;
    }

    String closeReason() {
        return closeReason;
    }

    // ---- Netty

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        cumulation = ctx.alloc().heapBuffer(4096);
        out = new LeafOutbound(channel, MAX_PENDING, () -> close("Slow Consumer (Pending Bytes)"));
        long timeout = handshake.timeoutMillis();
        handshakeTimer = ctx.executor()
                .schedule(
                        () -> {
                            if (!established) {
                                if (!handshake.solicited()) {
                                    sendErr("Authentication Timeout");
                                }
                                close("Authentication Timeout");
                            }
                        },
                        timeout,
                        TimeUnit.MILLISECONDS);
        handshake.active();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (closed.get()) {
                return;
            }
            cumulation.writeBytes(in);
        } finally {
            in.release();
        }
        parser.parse(cumulation, this);
        if (cumulation != null) {
            cumulation.discardSomeReadBytes();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close(closeReason == null ? "Client Closed" : closeReason);
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "leafnode " + id + ": " + cause);
        close("Read Error");
    }

    // ---- protocol

    @Override
    public void info(String json) {
        handshake.info(json);
    }

    @Override
    public void connect(String json) {
        handshake.connect(json);
    }

    @Override
    public void ping() {
        write("PONG\r\n");
    }

    @Override
    public void pong() {
        pingsOut = 0;
        if (pingSentNanos != 0) {
            rttNanos = System.nanoTime() - pingSentNanos;
            pingSentNanos = 0;
        }
    }

    @Override
    public void ok() {}

    @Override
    public void err(String message) {
        // as nats-server: logged, not closed here (the peer closes after a fatal error)
        LOG.log(System.Logger.Level.ERROR, describe() + " - Leafnode Error '" + message + "'");
        if (message.startsWith("Loop detected")) {
            handshake.loopDetected();
        }
        if (closeReason == null) {
            closeReason = message;
        }
    }

    @Override
    public void subscribe(String subject, String queue, int weight) {
        if (closed.get()) {
            return;
        }
        if (!established) {
            sendErr("Authorization Violation");
            close("Protocol Violation");
            return;
        }
        if (subject.equals(nodes.loopSubject(account.name()))) {
            String text = "Loop detected for leafnode account=\"" + account.name()
                    + "\". Delaying attempt to reconnect for " + LOOP_RECONNECT_DELAY_SECONDS + "s";
            LOG.log(System.Logger.Level.ERROR, text);
            sendErr(text);
            handshake.loopDetected();
            close("Protocol Violation");
            return;
        }
        if (!Subjects.isValidSubscribeSubject(subject) || exportDeny.deniesInterest(subject)) {
            return;
        }
        String key = queue == null ? subject : subject + " " + queue;
        LeafSubscription existing = remoteSubs.get(key);
        if (existing != null) {
            existing.weight(weight);
            return;
        }
        LeafSubscription s = new LeafSubscription(this, subject, queue, weight);
        remoteSubs.put(key, s);
        account.router().subscribe(s);
        if (closed.get() && remoteSubs.remove(key) != null) {
            account.router().unsubscribe(s); // closed meanwhile: do not leave it behind
        }
    }

    @Override
    public void unsubscribe(String subject, String queue) {
        if (!established) {
            return;
        }
        LeafSubscription s = remoteSubs.remove(queue == null ? subject : subject + " " + queue);
        if (s != null) {
            account.router().unsubscribe(s);
        }
    }

    @Override
    public void message(String subject, String reply, List<String> queues, byte[] headers, byte[] payload) {
        if (closed.get()) {
            return;
        }
        if (!established) {
            sendErr("Authorization Violation");
            close("Protocol Violation");
            return;
        }
        inMsgs.incrementAndGet();
        inBytes.addAndGet(payload.length + (headers == null ? 0 : headers.length));
        if (importDeny.deniesMessage(subject)) {
            return;
        }
        FlushBatch batch = new FlushBatch();
        MessageTrace trace = null;
        if (headers != null) {
            trace = LeafTracing.begin(this, subject, headers, payload.length);
            if (trace == LeafTracing.SKIP) {
                return;
            }
        }
        int at = LinkAddressing.deliverIndex(reply);
        if (at >= 0 && at < reply.length() - 1) {
            // a JetStream delivery: routed by its deliver subject, delivered under its own subject and plain reply
            InboundMessage m = InboundMessage.of(reply.substring(at + 1), reply.substring(0, at), headers, payload);
            account.router().routeFromLinkAs(subject, m, this, queues, batch);
        } else {
            InboundMessage m = InboundMessage.of(subject, reply, headers, payload);
            account.router().routeFromLink(m.trace(trace), this, queues, batch);
        }
        if (trace != null) {
            trace.routed();
        }
        batch.flushAll();
    }

    @Override
    public void protocolError(String message) {
        sendErr(message);
        close("Protocol Violation");
    }

    // ---- sending

    @Override
    public Map<String, Object> clientInfo() {
        InetSocketAddress a = remoteAddress();
        Account acc = account;
        return ClientInfoJson.forLeaf(
                startedMillis,
                a == null ? null : a.getAddress().getHostAddress(),
                id,
                acc == null ? null : acc.name(),
                handshake.peerUser(),
                handshake.peerName(),
                handshake.peerVersion(),
                rttNanos);
    }

    @Override
    public boolean send(InboundMessage m, List<String> queues, FlushBatch batch) {
        if (!established || closed.get()) {
            return false;
        }
        String subject = m.subject();
        if (exportDeny.deniesMessage(subject)) {
            return false;
        }
        boolean hasHeaders = m.headerLength() >= 0 && handshake.peerHeaders();
        byte[] headers = hasHeaders ? m.headerBytes() : null;
        byte[] payload = m.payloadBytes();
        StringBuilder line =
                new StringBuilder(64).append(hasHeaders ? "HMSG " : "LMSG ").append(subject);
        String reply = m.reply();
        if (!queues.isEmpty()) {
            if (reply != null && !reply.isEmpty()) {
                line.append(" + ").append(reply);
            } else {
                line.append(" |");
            }
            for (String q : queues) {
                line.append(' ').append(q);
            }
        } else if (reply != null && !reply.isEmpty()) {
            line.append(' ').append(reply);
        }
        int total = payload.length + (headers == null ? 0 : headers.length);
        if (hasHeaders) {
            line.append(' ').append(headers.length);
        }
        line.append(' ').append(total).append("\r\n");
        if (!out.message(line.toString().getBytes(StandardCharsets.UTF_8), headers, payload)) {
            return false;
        }
        outMsgs.incrementAndGet();
        outBytes.addAndGet(total);
        return true;
    }

    @Override
    public TracePeer tracePeer() {
        Account a = account;
        return new TracePeer(
                MessageTrace.LEAF, id, handshake.peerName(), a == null ? null : a.name(), handshake.peerTraces());
    }

    @Override
    public boolean deniesOutbound(String subject) {
        return exportDeny.deniesMessage(subject);
    }

    /** Whether this link's permissions refuse messages from the peer on {@code subject}. */
    boolean deniesInbound(String subject) {
        return importDeny.deniesMessage(subject);
    }

    LeafNodes nodes() {
        return nodes;
    }

    void write(String lines) {
        LeafOutbound o = out;
        if (o != null) {
            o.line(lines);
        }
    }

    void sendErr(String text) {
        write("-ERR '" + text + "'\r\n");
    }

    // ---- life cycle

    /**
     * The handshake succeeded: binds the link to {@code bound}, applies the deny filters, registers the link and
     * announces the account's interest (with the loop-detection subject). Runs on the event loop.
     */
    void establish(Account bound, SubjectFilter exports, SubjectFilter imports) {
        if (closed.get()) {
            return;
        }
        this.account = bound;
        this.exportDeny = exports;
        this.importDeny = imports;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        establishedMillis = System.currentTimeMillis();
        established = true;
        nodes.registered(this);
        LeafInterest li = new LeafInterest(bound.router(), this::announces, this::write);
        interest = li;
        List<String> extra = new ArrayList<>();
        extra.add(nodes.loopSubject(bound.name()));
        for (String source : bound.mappingSources()) {
            // as nats-server: the sources of the account's mappings (JetStream domain ones included) are interest
            if (!importDeny.deniesInterest(source) && Subjects.isValidSubscribeSubject(source)) {
                extra.add(source);
            }
        }
        li.start(extra);
        long interval = nodes.pingIntervalMillis();
        // as nats-server: the first PING after a second (FIRST_PING_MILLIS), so the round trip is known early
        pingTask = channel.eventLoop()
                .scheduleAtFixedRate(
                        this::pingTick, Math.min(interval, FIRST_PING_MILLIS), interval, TimeUnit.MILLISECONDS);
        LOG.log(
                System.Logger.Level.INFO,
                "Leafnode connection created for account: " + bound.name() + " " + describe());
    }

    /** Whether a local subscription is announced to the peer. */
    private boolean announces(Subscription s) {
        if (s.remoteLink() == this) {
            return false;
        }
        if (solicited() && s instanceof LeafSubscription ls && ls.link().solicited()) {
            return false; // a leaf tells its hub only of its own interest and of its own leaf nodes'
        }
        return !importDeny.deniesInterest(s.subject());
    }

    private void pingTick() {
        if (pingsOut >= nodes.maxPingsOut()) {
            sendErr("Stale Connection");
            close("Stale Connection");
            return;
        }
        pingsOut++;
        pingSentNanos = System.nanoTime();
        write("PING\r\n");
    }

    /** Closes the link (idempotent): its subscriptions leave the router, its interest listener stops. */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        if (pingTask != null) {
            pingTask.cancel(false);
        }
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        LeafInterest li = interest;
        if (li != null) {
            li.stop();
        }
        Account a = account;
        if (a != null && !remoteSubs.isEmpty()) {
            a.router().unsubscribeAll(new ArrayList<>(remoteSubs.values()));
            remoteSubs.clear();
        }
        Channel c = channel;
        if (c != null) {
            LeafOutbound o = out;
            if (o != null) {
                c.eventLoop().execute(() -> {
                    o.flushNow();
                    o.discard();
                    c.close();
                });
            } else {
                c.close();
            }
        }
        if (established) {
            LOG.log(System.Logger.Level.INFO, "Leafnode connection closed: " + reason + " " + describe());
        }
        nodes.closed(this);
    }

    boolean isClosed() {
        return closed.get();
    }

    Channel channel() {
        return channel;
    }

    String describe() {
        InetSocketAddress a = remoteAddress();
        return (a == null ? "" : a.getHostString() + ":" + a.getPort()) + " - lid:" + id
                + (handshake.peerName() == null ? "" : " - Remote: " + handshake.peerName());
    }
}
