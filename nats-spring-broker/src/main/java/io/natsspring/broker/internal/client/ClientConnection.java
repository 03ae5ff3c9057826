package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.JwtSession;
import io.natsspring.broker.internal.auth.Permissions;
import io.natsspring.broker.internal.protocol.ClientProtocolParser;
import io.natsspring.broker.internal.protocol.ServerOps;
import io.natsspring.broker.internal.tls.PeerCertificate;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection: its lifecycle in the Netty pipeline, its state (CONNECT settings, subscriptions,
 * counters) and its outbound buffer. Publishers on any thread append frames to that buffer under a short lock;
 * the bytes reach the socket when the connection's event loop flushes, once per publisher read batch. The
 * client's operations are handled by {@link ClientOperations} and {@link ConnectHandler}, its timers by
 * {@link ConnectionTimers}, slow-consumer handling by {@link SlowConsumerGuard}.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

    private final ClientServices services;
    /**
     * The account's router: the global one until the CONNECT is accepted into an account. Written and read on the
     * event loop; other threads reach it only through a subscription inserted after the write (happens-before via
     * the subscription tree), so it needs no volatile read on the publish path.
     */
    private MessageRouter router;

    private volatile String account = "$G";
    private final long id;
    private final ClientProtocolParser parser;
    private final FlushBatch batch = new FlushBatch();
    private final Map<String, ClientSubscription> subs = new ConcurrentHashMap<>();
    private final ClientOutbound outbound;
    private final InboundAccumulator reads;
    private final ClientOperations operations;
    private final ConnectionTimers timers;
    private final SlowConsumerGuard slowConsumers;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Written only by this connection's event loop; read by monitoring. */
    private volatile long inMsgs;

    private volatile long inBytes;
    private volatile ClientSettings settings = ClientSettings.INITIAL;
    private volatile boolean checkingCredentials;
    /** The challenge this connection's INFO carried for NKey users, or null. Set before any input is read. */
    private volatile String nonce;
    /** Reply subjects this client may answer under {@code allow_responses}, or null when that is off. */
    private volatile ResponsePermits responsePermits;
    /** The session of a user JWT (limits), {@code null} for other connections; written on the event loop. */
    private JwtSession jwtLimits;

    private java.util.concurrent.ScheduledFuture<?> expiryTimer;
    /** A JWT user's connection still owes the INFO nats-server sends after the first PONG. */
    private boolean connectInfoPending;

    /** Set by {@link FlushBatch} to avoid listing a connection twice in one batch. */
    Object flushMark;

    private Channel channel;
    private EventLoop loop;
    private String clientIp = "";
    private int clientPort;
    private final long startedNanos = System.nanoTime();
    private final long startedMillis = System.currentTimeMillis();

    public ClientConnection(ClientServices services, long id) {
        this(services, id, AuthPool.SHARED);
    }

    ClientConnection(ClientServices services, long id, AuthPool authPool) {
        ConnectionLimits limits = services.limits();
        this.services = services;
        this.router = services.router();
        this.id = id;
        this.parser = new ClientProtocolParser(limits.maxControlLine(), limits.maxPayload());
        this.slowConsumers = new SlowConsumerGuard(this, limits, services);
        this.outbound = new ClientOutbound(limits.maxPending(), slowConsumers::maxPendingExceeded);
        this.reads = new InboundAccumulator(parser);
        this.timers = new ConnectionTimers(this, limits);
        this.operations =
                new ClientOperations(this, new ConnectHandler(this, services.authenticator(), authPool), batch);
    }

    public long id() {
        return id;
    }

    public String clientIp() {
        return clientIp;
    }

    public int clientPort() {
        return clientPort;
    }

    public String name() {
        return settings.name();
    }

    public String lang() {
        return settings.lang();
    }

    public String version() {
        return settings.version();
    }

    public String user() {
        return settings.user();
    }

    /** The name of the account this connection belongs to ({@code $G} unless accounts are configured). */
    public String account() {
        return account;
    }

    public boolean echo() {
        return settings.echo();
    }

    public boolean headersSupported() {
        return settings.headers();
    }

    public long inMsgs() {
        return inMsgs;
    }

    public long inBytes() {
        return inBytes;
    }

    public long outMsgs() {
        return outbound.msgs();
    }

    public long outBytes() {
        return outbound.bytes();
    }

    public long uptimeNanos() {
        return System.nanoTime() - startedNanos;
    }

    /** Wall-clock time the connection was accepted, in epoch milliseconds. */
    public long startedMillis() {
        return startedMillis;
    }

    public int subscriptionCount() {
        return subs.size();
    }

    /** Subjects of the connection's subscriptions ({@code subject} or {@code subject queue}). */
    public List<String> subscriptionSubjects() {
        List<String> r = new ArrayList<>();
        for (ClientSubscription s : subs.values()) {
            r.add(s.queueGroup() == null ? s.subject() : s.subject() + " " + s.queueGroup());
        }
        return r;
    }

    /** The TLS client certificate, {@code null} without TLS or without a client certificate. */
    public X509Certificate peerCertificate() {
        return channel == null ? null : PeerCertificate.of(channel);
    }

    /** Outbound bytes not yet written to the socket. */
    public long pendingBytes() {
        return outbound.pendingBytes();
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        outbound.bind(channel);
        loop = channel.eventLoop();
        if (channel.remoteAddress() instanceof InetSocketAddress a) {
            clientIp =
                    a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
            clientPort = a.getPort();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (services.authenticator().nonceRequired()) {
            nonce = Authenticator.newNonce();
        }
        enqueueRaw(ServerOps.info(services.infoJson(id, clientIp, nonce)));
        if (!services.opened(this)) {
            closeWithError("maximum connections exceeded");
            return;
        }
        boolean authRequired = services.authenticator().required();
        parser.requireConnectFirst(authRequired);
        timers.start(loop, authRequired);
        flushNow();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing.set(true);
        timers.cancel();
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
        }
        if (jwtLimits != null) {
            services.accountConnectionClosed(jwtLimits.account());
        }
        if (!subs.isEmpty()) {
            router.unsubscribeAll(new ArrayList<>(subs.values()));
            subs.clear();
        }
        outbound.release();
        reads.release();
        services.closed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "cid:" + id + " connection error: " + cause);
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            reads.read(in, operations, ctx.alloc());
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        batch.flushAll();
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        slowConsumers.writabilityChanged(channel);
        super.channelWritabilityChanged(ctx);
    }

    /** Graceful close from the broker: flush what is buffered, then close. */
    public void shutdown() {
        closing.set(true);
        loop.execute(() -> {
            flushNow();
            channel.close();
        });
    }

    // ---------------------------------------------------------------- for the connection's collaborators

    EventLoop eventLoop() {
        return loop;
    }

    /**
     * A message with a reply subject was delivered to this client: under {@code allow_responses}, the client may
     * now answer it even without publish permission for the reply subject.
     */
    void delivered(InboundMessage m) {
        ResponsePermits permits = responsePermits;
        if (permits != null && m.hasReply()) {
            String reply = m.reply();
            if (!settings.permissions().canPublish(reply)) {
                permits.granted(reply);
            }
        }
    }

    /** True when {@code subject} is a reply subject this client may still answer under {@code allow_responses}. */
    boolean responseAllowed(String subject) {
        ResponsePermits permits = responsePermits;
        return permits != null && permits.use(subject);
    }

    String nonce() {
        return nonce;
    }

    ClientSettings settings() {
        return settings;
    }

    MessageRouter router() {
        return router;
    }

    ConnectionTimers timers() {
        return timers;
    }

    boolean isClosing() {
        return closing.get();
    }

    /** Marks the connection closing; {@code true} for the caller that did it first. */
    boolean markClosing() {
        return closing.compareAndSet(false, true);
    }

    /** Closes the channel on the event loop. */
    void closeChannel() {
        loop.execute(() -> channel.close());
    }

    /** Stops reading and parsing this client's input (while its credentials are checked). */
    void pauseInput() {
        parser.pause();
        channel.config().setAutoRead(false);
    }

    /** Resumes the input held back by {@link #pauseInput}, processing what was already read. */
    void resumeInput() {
        parser.resume();
        channel.config().setAutoRead(true);
        reads.resume(operations, channel.alloc());
        batch.flushAll();
    }

    /** The CONNECT was accepted with these settings. */
    void accepted(ClientSettings accepted) {
        bind(accepted, services.account(accepted.user()));
    }

    /**
     * The CONNECT of a user JWT was accepted: binds the connection to the JWT's account and arms the expiry, after
     * which it is closed with nats-server's {@code User Authentication Expired}.
     */
    void accepted(ClientSettings accepted, JwtSession jwt, boolean asyncInfo) {
        AccountBinding binding = services.accountNamed(jwt.account());
        if (binding == null) {
            closeWithError("Authorization Violation");
            return;
        }
        if (!services.accountConnectionOpened(jwt.account(), jwt.maxAccountConnections())) {
            closeWithError("maximum account active connections exceeded");
            return;
        }
        jwtLimits = jwt;
        connectInfoPending = asyncInfo;
        bind(accepted, binding);
        if (jwt.maxPayload() >= 0 && jwt.maxPayload() < services.limits().maxPayload()) {
            parser.maxPayload((int) jwt.maxPayload());
        }
        if (jwt.expiresAt() > 0) {
            long seconds = Math.max(0, jwt.expiresAt() - java.time.Instant.now().getEpochSecond());
            expiryTimer = loop.schedule(
                    () -> closeWithError("User Authentication Expired"),
                    seconds,
                    java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private void bind(ClientSettings accepted, AccountBinding binding) {
        timers.connected();
        if (binding.router() != router) {
            MessageRouter previous = router;
            router = binding.router();
            if (!subs.isEmpty()) {
                previous.unsubscribeAll(new ArrayList<>(subs.values()));
                for (ClientSubscription s : subs.values()) {
                    router.subscribe(s);
                }
            }
        }
        account = binding.account();
        if (accepted.permissions().responses() != null) {
            responsePermits = new ResponsePermits(accepted.permissions().responses());
        }
        settings = accepted;
        ok();
    }

    /** On an auth pool thread: the credential check of the CONNECT starts now. */
    void credentialCheckStarted() {
        checkingCredentials = true;
    }

    /** The auth timer fired: closes the connection unless it is connected or its credentials are being checked. */
    void authTimedOut() {
        if (!settings.connected() && !checkingCredentials) {
            closeWithError("Authentication Timeout");
        }
    }

    void countInbound(int bytes) {
        inMsgs++;
        inBytes += bytes;
        timers.activity();
    }

    void markActivity() {
        timers.activity();
    }

    /**
     * After a PONG: the first one of a JWT user's connection is followed, as in nats-server, by an INFO with
     * {@code connect_info}, the bound account and the connection's own {@code max_payload}. (Not yet sent for
     * other connections.) Runs on the event loop.
     */
    void pongSent() {
        if (!connectInfoPending || jwtLimits == null) {
            return;
        }
        connectInfoPending = false;
        long limit = services.limits().maxPayload();
        if (jwtLimits.maxPayload() >= 0 && jwtLimits.maxPayload() < limit) {
            limit = jwtLimits.maxPayload();
        }
        String json =
                services.infoJson(id, clientIp, null).replaceFirst("\"max_payload\":\\d+", "\"max_payload\":" + limit);
        json = json.substring(0, json.length() - 1) + ",\"connect_info\":true,\"remote_account\":\"" + account + "\"}";
        enqueueRaw(ServerOps.info(json));
    }

    /** True when a JWT user's {@code subs} limit forbids a new subscription {@code sid}. */
    boolean subscriptionLimitReached(String sid) {
        JwtSession jwt = jwtLimits;
        return jwt != null && jwt.maxSubs() >= 0 && !subs.containsKey(sid) && subs.size() >= jwt.maxSubs();
    }

    void subscribe(String subject, String queue, String sid, Permissions deliverFilter) {
        if (!subs.containsKey(sid)) {
            ClientSubscription s = new ClientSubscription(this, subject, queue, sid, deliverFilter);
            subs.put(sid, s);
            router.subscribe(s);
        }
    }

    void unsubscribe(String sid, long max) {
        ClientSubscription s = subs.get(sid);
        if (s != null && (max <= 0 || s.limit(max))) {
            subs.remove(sid);
            router.unsubscribe(s);
        }
    }

    /** Called from any thread when a subscription reached its auto-unsubscribe limit. */
    void autoUnsubscribed(ClientSubscription s) {
        router.unsubscribe(s);
        if (loop.inEventLoop()) {
            subs.remove(s.sid(), s);
        } else {
            loop.execute(() -> subs.remove(s.sid(), s));
        }
    }

    // ---------------------------------------------------------------- outbound

    void sendPing() {
        enqueueRaw(ServerOps.PING);
        flushNow();
    }

    void ok() {
        if (settings.verbose()) {
            enqueueRaw(ServerOps.OK);
            batch.add(this);
        }
    }

    void sendErr(String text) {
        enqueueRaw(ServerOps.err(text));
        batch.add(this);
    }

    /** Sends {@code -ERR} and closes once it is written. Runs on the connection's event loop. */
    void closeWithError(String text) {
        if (!markClosing()) {
            return;
        }
        outbound.close();
        outbound.appendRaw(ServerOps.err(text));
        outbound.flushNow();
        channel.close();
    }

    void enqueueRaw(byte[] bytes) {
        outbound.appendRaw(bytes);
    }

    void enqueueNoResponders(InboundMessage m, byte[] sid) {
        outbound.appendNoResponders(m, sid);
    }

    /**
     * Appends a MSG/HMSG frame for one subscription. Called from any publisher's thread. Returns {@code false}
     * when the connection is closing or just became a slow consumer.
     */
    boolean enqueueMsg(InboundMessage m, byte[] sid) {
        return !closing.get() && outbound.appendMsg(m, sid, settings.headers());
    }

    /** Schedules a flush on this connection's event loop unless one is already pending. */
    void requestFlush() {
        outbound.requestFlush();
    }

    private void flushNow() {
        outbound.flushNow();
    }

    @Override
    public String toString() {
        String name = settings.name();
        return "cid:" + id + " " + clientIp + ":" + clientPort + (name == null ? "" : " '" + name + "'");
    }
}
