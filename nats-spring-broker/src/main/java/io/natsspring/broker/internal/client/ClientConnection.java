package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.AuthResult;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.Credentials;
import io.natsspring.broker.internal.auth.JwtSession;
import io.natsspring.broker.internal.auth.Permissions;
import io.natsspring.broker.internal.protocol.ClientProtocolParser;
import io.natsspring.broker.internal.protocol.ServerOps;
import io.natsspring.broker.internal.tls.PeerCertificate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

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
    private final SidTable subs = new SidTable();
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
    /** Set when the broker drains before stopping: input is never read again. */
    private volatile boolean inputStopped;
    /** The challenge this connection's INFO carried for NKey users, or null. Set before any input is read. */
    private volatile String nonce;
    /** What the CONNECT presented, kept for the re-check after a configuration reload; null before CONNECT. */
    private volatile Credentials credentials;
    /** Reply subjects this client may answer under {@code allow_responses}, or null when that is off. */
    private volatile ResponsePermits responsePermits;
    /** The last CONNECT received (accepted or not), for events; null before the first. */
    private volatile ConnectRequest connectRequest;
    /** Why the connection closed, as {@code nats-server} names it; null while open (then "Client Closed"). */
    private volatile String closeReason;
    /** The session of a user JWT (limits), {@code null} for other connections; written on the event loop. */
    private JwtSession jwtLimits;

    private java.util.concurrent.ScheduledFuture<?> expiryTimer;

    /** The account limits this connection is counted in once accepted, or null. */
    private AccountLimits accountLimits;
    /** The account's (and server's) {@code max_subscriptions} for this connection; -1 unlimited. */
    private int maxSubscriptions = AccountLimits.UNLIMITED;
    /** The CONNECT's protocol and whether the first PONG went out (event loop only). */
    private int protocol;

    private boolean firstPongSent;

    /** Set by {@link FlushBatch} to avoid listing a connection twice in one batch. */
    Object flushMark;

    private Channel channel;
    private EventLoop loop;
    private String clientIp = "";
    private int clientPort;
    private final long startedNanos = System.nanoTime();
    /** The round trip as {@code nats-server} estimates it (0 before CONNECT); see {@link #rttNanos()}. */
    private volatile long rttNanos;
    /** {@code System.nanoTime()} of the last PING this server sent; 0 before the first. */
    private volatile long pingSentNanos;

    private final long startedMillis = System.currentTimeMillis();

    /** The client type {@code nats-server} shows in {@code /connz} and events: {@code nats} or {@code websocket}. */
    private final String clientType;
    /** Credentials a WebSocket client carried in cookies; set before any input is read. */
    private volatile CookieCredentials cookies = CookieCredentials.NONE;

    public ClientConnection(ClientServices services, long id) {
        this(services, id, AuthPool.SHARED, TYPE_NATS);
    }

    /** A connection of another client type ({@link #TYPE_WEBSOCKET}). */
    public ClientConnection(ClientServices services, long id, String clientType) {
        this(services, id, AuthPool.SHARED, clientType);
    }

    ClientConnection(ClientServices services, long id, AuthPool authPool) {
        this(services, id, authPool, TYPE_NATS);
    }

    private ClientConnection(ClientServices services, long id, AuthPool authPool, String clientType) {
        this.clientType = clientType;
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
                new ClientOperations(this, new ConnectHandler(this, services::authenticator, authPool), batch);
    }

    /** A client of the NATS port. */
    public static final String TYPE_NATS = "nats";

    /** A client of the WebSocket port. */
    public static final String TYPE_WEBSOCKET = "websocket";

    public long id() {
        return id;
    }

    /** {@link #TYPE_NATS} or {@link #TYPE_WEBSOCKET}, as {@code nats-server}'s {@code /connz} {@code type}. */
    public String clientType() {
        return clientType;
    }

    /** Credentials carried in the WebSocket upgrade's cookies; call before the connection becomes active. */
    public void cookies(CookieCredentials cookies) {
        this.cookies = cookies;
    }

    /**
     * The client's address as a proxy reported it ({@code X-Forwarded-For} of a WebSocket upgrade), replacing the
     * socket's; call after the handler was added and before the connection becomes active.
     */
    public void forwardedFor(String ip) {
        this.clientIp = ip;
    }

    CookieCredentials cookies() {
        return cookies;
    }

    public String clientIp() {
        return clientIp;
    }

    public int clientPort() {
        return clientPort;
    }

    public String name() {
        ConnectRequest r = connectRequest;
        return settings.connected() || r == null ? settings.name() : r.name();
    }

    public String lang() {
        ConnectRequest r = connectRequest;
        return settings.connected() || r == null ? settings.lang() : r.lang();
    }

    public String version() {
        ConnectRequest r = connectRequest;
        return settings.connected() || r == null ? settings.version() : r.version();
    }

    /** The user JWT the client's CONNECT carried, {@code null} without one. */
    public String presentedJwt() {
        ConnectRequest r = connectRequest;
        return r == null ? null : r.jwt();
    }

    /**
     * The user the client presented in its CONNECT, as {@code nats-server} reports it in events whether or not it
     * was accepted: the NKey, else the user name, else {@code [REDACTED]} for a token; {@code null} for none.
     */
    public String presentedUser() {
        ConnectRequest r = connectRequest;
        if (r == null) {
            return settings.user();
        }
        if (r.nkey() != null && !r.nkey().isEmpty()) {
            return r.nkey();
        }
        if (r.user() != null && !r.user().isEmpty()) {
            return r.user();
        }
        if (r.authToken() != null && !r.authToken().isEmpty()) {
            return "[REDACTED]";
        }
        return settings.user();
    }

    /** Whether the client's CONNECT was accepted. */
    public boolean connected() {
        return settings.connected();
    }

    /**
     * Why the connection closed, as {@code nats-server} names it in disconnect events ({@code "Client Closed"},
     * {@code "Authentication Failure"}, {@code "Slow Consumer (Pending Bytes)"}, …); {@code null} while open.
     */
    public String closeReason() {
        return closeReason;
    }

    /** Records why the connection closes unless a reason is already recorded. */
    void closeReason(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    public String user() {
        return settings.user();
    }

    /** The permissions in force ({@link Permissions#ALLOW_ALL} when unrestricted). */
    public Permissions permissions() {
        return settings.permissions();
    }

    /** The claims of the user JWT this connection logged in with, {@code null} without one. */
    public JwtSession jwtSession() {
        return jwtLimits;
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

    /**
     * The client's round trip in nanoseconds, as {@code nats-server} keeps it: estimated at CONNECT as the time since
     * the connection was accepted, then measured from each server PING to its PONG; 0 before CONNECT.
     */
    public long rttNanos() {
        return rttNanos;
    }

    /**
     * The round trip as {@code nats-server} reports it in {@code /connz} and disconnect events ({@code getRTT}):
     * truncated to microseconds between 1 µs and 1 ms; 0 before CONNECT.
     */
    public long reportedRttNanos() {
        long r = rttNanos;
        return r > 1_000 && r < 1_000_000 ? r - r % 1_000 : r;
    }

    /** A PONG arrived: the round trip is the time since the last PING we sent (event loop only). */
    void pongReceived() {
        long sent = pingSentNanos;
        if (sent != 0) {
            rttNanos = Math.max(1, System.nanoTime() - sent);
        }
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

    /** The connection's subscriptions with their sids and delivered counts. */
    public List<SubscriptionDetail> subscriptionDetails() {
        List<SubscriptionDetail> r = new ArrayList<>();
        for (ClientSubscription s : subs.values()) {
            r.add(new SubscriptionDetail(s.subject(), s.queueGroup(), s.sid(), s.delivered()));
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
        closeReason(CloseReasons.CLIENT_CLOSED);
        closing.set(true);
        timers.cancel();
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
        }
        if (jwtLimits != null) {
            services.accountConnectionClosed(jwtLimits.account());
        }
        if (!subs.isEmpty()) {
            router.unsubscribeAll(subs.values());
            subs.clear();
        }
        outbound.release();
        reads.release();
        AccountLimits counted = accountLimits;
        if (counted != null) {
            accountLimits = null;
            counted.closed();
        }
        services.closed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeReason(CloseReasons.READ_ERROR);
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

    /**
     * Graceful close from the broker: flush what is buffered, then close once the socket has taken every byte
     * (a close right after a write would drop what the socket could not take yet).
     */
    public void shutdown() {
        closeReason(CloseReasons.SERVER_SHUTDOWN);
        closing.set(true);
        loop.execute(() -> {
            flushNow();
            if (channel.isActive()) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.close();
            }
        });
    }

    /**
     * Stops reading this client's input for good (the broker is draining before it stops): nothing read after the
     * returned future completes is parsed; what the client sent but the broker did not read is never accepted.
     * The connection stays open, and messages to it are still delivered.
     */
    public Future<?> stopReading() {
        inputStopped = true;
        return loop.submit(() -> {
            parser.pause();
            channel.config().setAutoRead(false);
        });
    }

    /**
     * Announces lame-duck mode with an asynchronous INFO carrying {@code "ldm":true}, as {@code nats-server} does:
     * only to a client that takes asynchronous INFOs (protocol 1) and got its first PONG. Any thread.
     *
     * @return completes with whether the INFO was sent
     */
    public Future<Boolean> sendLameDuckInfo() {
        return loop.submit(() -> {
            if (closing.get() || !firstPongSent || protocol < 1) {
                return false;
            }
            String json = services.lameDuckInfoJson(id, clientIp, account, parser.maxPayload());
            if (json == null) {
                return false;
            }
            enqueueRaw(ServerOps.info(json));
            flushNow();
            return true;
        });
    }

    /** Closed on request ({@code $SYS.REQ.SERVER.<id>.KICK}): flush what is buffered, then close, reason Kicked. */
    public void kick() {
        closeReason(CloseReasons.KICKED);
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

    ClientServices services() {
        return services;
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

    /** Closes the connection at once, dropping what was not written (a graceful stop that ran out of time). */
    public void abort() {
        closeChannel();
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
        if (inputStopped) {
            return;
        }
        parser.resume();
        channel.config().setAutoRead(true);
        reads.resume(operations, channel.alloc());
        batch.flushAll();
    }

    /**
     * The CONNECT was accepted with these settings; {@code false} when the account is at its
     * {@code max_connections} and the connection is being closed with {@code nats-server}'s error.
     */
    boolean accepted(ClientSettings accepted) {
        return bind(accepted, services.account(accepted.user()));
    }

    /**
     * The CONNECT of a user JWT was accepted: binds the connection to the JWT's account and arms the expiry, after
     * which it is closed with nats-server's {@code User Authentication Expired}; {@code false} when refused.
     */
    boolean accepted(ClientSettings accepted, JwtSession jwt) {
        AccountBinding binding = services.accountNamed(jwt.account());
        if (binding == null) {
            closeWithError("Authorization Violation");
            return false;
        }
        if (!bind(accepted, binding)) {
            return false;
        }
        if (!services.accountConnectionOpened(jwt.account(), jwt.maxAccountConnections())) {
            closeWithError("maximum account active connections exceeded");
            return false;
        }
        jwtLimits = jwt;
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
        return true;
    }

    private boolean bind(ClientSettings accepted, AccountBinding binding) {
        AccountLimits limits = binding.limits();
        if (!limits.tryOpen()) {
            closeWithError("maximum account active connections exceeded");
            return false;
        }
        accountLimits = limits;
        parser.maxPayload(AccountLimits.effective(services.limits().maxPayload(), limits.maxPayload()));
        maxSubscriptions = AccountLimits.effective(0, limits.maxSubscriptions());
        timers.connected();
        if (binding.router() != router) {
            MessageRouter previous = router;
            router = binding.router();
            if (!subs.isEmpty()) {
                previous.unsubscribeAll(subs.values());
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
        services.connected(this);
        return true;
    }

    /** The client's CONNECT {@code protocol}, set before the CONNECT is accepted. */
    void protocol(int protocol) {
        this.protocol = protocol;
    }

    /**
     * After a PONG: the first one of a connected protocol-1 client is followed by the connect INFO, as
     * {@code nats-server} sends it.
     */
    void afterFirstPong() {
        if (firstPongSent || !settings.connected()) {
            return;
        }
        firstPongSent = true;
        if (protocol >= 1) {
            String json = services.connectInfoJson(id, clientIp, account, parser.maxPayload());
            if (json != null) {
                enqueueRaw(ServerOps.info(json));
            }
        }
    }

    /** Whether a new subscription would pass the account's {@code max_subscriptions}. */
    boolean subscriptionsAtLimit() {
        int max = maxSubscriptions;
        return max != AccountLimits.UNLIMITED && subs.size() >= max;
    }

    /** The last CONNECT received, {@code null} before the first. */
    ConnectRequest connectRequest() {
        return connectRequest;
    }

    /** A CONNECT arrived (before its credentials are checked). */
    void connectReceived(ConnectRequest request) {
        connectRequest = request;
        // nats-server estimates the round trip when a CONNECT arrives, accepted or not
        rttNanos = Math.max(1, System.nanoTime() - startedNanos);
    }

    /**
     * A reload's {@code max_payload} applies to this established connection's later messages, as in nats-server
     * (which sends no new INFO for it); its account's or user JWT's lower limit still caps it.
     */
    public Future<?> maxPayloadReloaded() {
        return loop.submit(() -> {
            if (isClosing()) {
                return;
            }
            AccountLimits counted = accountLimits;
            int max = services.limits().maxPayload();
            if (counted != null) {
                max = AccountLimits.effective(max, counted.maxPayload());
            }
            JwtSession jwt = jwtLimits;
            if (jwt != null && jwt.maxPayload() >= 0 && jwt.maxPayload() < max) {
                max = (int) jwt.maxPayload();
            }
            parser.maxPayload(max);
        });
    }

    /**
     * A reload may have changed the {@code limits} of this connection's account: as {@code nats-server} re-registers
     * each client with its account, the connection is closed with {@code -ERR 'maximum account active connections
     * exceeded'} while the account holds more than its {@code max_connections}, else it takes the account's
     * {@code max_subscriptions} for later subscriptions — holding already as many as the new limit or more, it gets
     * {@code -ERR 'maximum subscriptions exceeded'} and is closed 20 ms later, as nats-server does ({@code
     * max_payload} is re-applied by {@link #maxPayloadReloaded()}).
     */
    public Future<?> accountLimitsReloaded() {
        return loop.submit(() -> {
            AccountLimits counted = accountLimits;
            if (counted == null) {
                return;
            }
            if (isClosing() || !channel.isActive()) {
                // closed (by this reload's re-check or otherwise): no longer counted, as nats-server removes it
                // from the account before the others are re-counted
                accountLimits = null;
                counted.closed();
                return;
            }
            if (!counted.keepAfterReload()) {
                accountLimits = null;
                closeWithError("maximum account active connections exceeded");
                return;
            }
            maxSubscriptions = AccountLimits.effective(0, counted.maxSubscriptions());
            if (subscriptionsAtLimit()) {
                // as nats-server's applyAccountLimits: at (not only over) the limit, the error, then the close
                sendErr("maximum subscriptions exceeded");
                loop.schedule(
                        () -> closeWithoutError(CloseReasons.MAX_SUBSCRIPTIONS_EXCEEDED),
                        20,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * On the event loop: this connection, closed by a reload's re-check, no longer counts against its account's
     * {@code max_connections} from now on (before the other connections are re-counted), as nats-server removes it
     * from the account at once.
     */
    private void leaveAccountLimits() {
        AccountLimits counted = accountLimits;
        if (counted != null) {
            accountLimits = null;
            counted.closed();
        }
    }

    /** A reload lowered {@code max_connections} below the open connections: this one goes, as in nats-server. */
    public void closeWithMaxConnectionsExceeded() {
        loop.execute(() -> closeWithError("maximum connections exceeded"));
    }

    /** The credentials the CONNECT presented. */
    void credentials(Credentials presented) {
        this.credentials = presented;
    }

    /**
     * Re-checks this connection after a configuration reload, on the reloading thread (bcrypt may be slow), as
     * {@code nats-server} does: a connection whose user or NKey no longer exists or now belongs to another account
     * is closed; one whose credentials are no longer accepted gets {@code -ERR 'Authorization Violation'} and is
     * closed; the others take the new permissions, losing (with a {@code -ERR}) the subscriptions these forbid.
     * Connections that have not completed their CONNECT are left alone: they meet the new authenticator.
     */
    public Future<?> reauthorize(Authenticator authenticator, Function<String, AccountBinding> accounts) {
        Credentials presented = credentials;
        if (!settings.connected() || presented == null || isClosing()) {
            return loop.newSucceededFuture(null);
        }
        String identity = presented.identity();
        boolean userJwt = presented.jwt() != null && !presented.jwt().isEmpty();
        // a user JWT is re-checked as a whole below (jnats also sends the user's nkey beside it)
        if (identity != null
                && !userJwt
                && (!authenticator.knows(identity)
                        || !accounts.apply(identity).account().equals(account))) {
            LOG.log(System.Logger.Level.INFO, "{0} closed: its user was removed or moved to another account", this);
            return loop.submit(() -> {
                leaveAccountLimits();
                channel.close();
            });
        }
        AuthResult r;
        try {
            r = authenticator.mapsCertificates()
                    ? authenticator.authenticateCertificate(peerCertificate())
                    : authenticator.authenticate(presented);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> this + " credential re-check failed: " + e, e);
            r = AuthResult.denied();
        }
        if (!r.ok()) {
            String text = authenticator.operator() != null
                            && presented.jwt() != null
                            && !presented.jwt().isEmpty()
                    ? authenticator.operator().refusalText(presented)
                    : "Authorization Violation";
            return loop.submit(() -> {
                leaveAccountLimits();
                closeWithError(text);
            });
        }
        Permissions permissions = r.permissions();
        JwtSession session = r.jwt();
        return loop.submit(() -> {
            permissionsReloaded(permissions);
            jwtSessionReloaded(session);
        });
    }

    /**
     * On the event loop: a user JWT's account changed (a claims push): its limits on subscriptions and payload
     * apply from now on, as nats-server's {@code applyAccountLimits} — holding already as many subscriptions as the
     * new limit or more, the client gets {@code -ERR 'maximum subscriptions exceeded'} and is closed 20 ms later
     * (the payload limit is re-applied by {@link #maxPayloadReloaded()}).
     */
    private void jwtSessionReloaded(JwtSession session) {
        if (session == null || jwtLimits == null || isClosing()) {
            return;
        }
        jwtLimits = session;
        if (session.maxSubs() >= 0 && subs.size() >= session.maxSubs()) {
            sendErr("maximum subscriptions exceeded");
            loop.schedule(
                    () -> closeWithoutError(CloseReasons.MAX_SUBSCRIPTIONS_EXCEEDED),
                    20,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** On the event loop: the new permissions apply; subscriptions they forbid are removed with a {@code -ERR}. */
    private void permissionsReloaded(Permissions permissions) {
        if (isClosing()) {
            return;
        }
        settings = settings.withPermissions(permissions);
        if (permissions.responses() == null) {
            responsePermits = null;
        } else if (responsePermits == null) {
            responsePermits = new ResponsePermits(permissions.responses());
        }
        boolean sent = false;
        for (ClientSubscription s : subs.values()) {
            if (permissions != Permissions.ALLOW_ALL && !permissions.canSubscribe(s.subject(), s.queueGroup())) {
                if (subs.remove(s)) {
                    router.unsubscribe(s);
                }
                String text = s.queueGroup() == null
                        ? "Permissions Violation for Subscription to \"" + s.subject() + "\" (sid \"" + s.sid() + "\")"
                        : "Permissions Violation for Subscription to \"" + s.subject() + "\" using queue \""
                                + s.queueGroup() + "\" (sid \"" + s.sid() + "\")";
                enqueueRaw(ServerOps.err(text));
                sent = true;
                LOG.log(
                        System.Logger.Level.INFO,
                        "{0} removed sub {1} (sid {2}): not authorized",
                        this,
                        s.subject(),
                        s.sid());
            } else {
                s.deliverFilter(permissions.subscribeDenyOverlaps(s.subject()) ? permissions : null);
            }
        }
        if (sent) {
            flushNow();
        }
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

    /** True when a JWT user's {@code subs} limit forbids a new subscription {@code sid}. */
    boolean subscriptionLimitReached(String sid) {
        JwtSession jwt = jwtLimits;
        return jwt != null && jwt.maxSubs() >= 0 && !subs.containsKey(sid) && subs.size() >= jwt.maxSubs();
    }

    void subscribe(String subject, String queue, String sid, Permissions deliverFilter) {
        if (!subs.containsKey(sid)) {
            ClientSubscription s = new ClientSubscription(this, subject, queue, sid, deliverFilter);
            subs.add(s);
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
            subs.remove(s);
        } else {
            loop.execute(() -> subs.remove(s));
        }
    }

    // ---------------------------------------------------------------- outbound

    void sendPing() {
        pingSentNanos = System.nanoTime();
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
        closeReason(CloseReasons.forError(text));
        outbound.close();
        outbound.appendRaw(ServerOps.err(text));
        outbound.flushNow();
        channel.close();
    }

    /**
     * Closes without {@code -ERR}, as nats-server does after malformed arguments or a client's own {@code -ERR}.
     * Runs on the connection's event loop.
     */
    void closeWithoutError(String reason) {
        if (!markClosing()) {
            return;
        }
        closeReason(reason);
        outbound.close();
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
