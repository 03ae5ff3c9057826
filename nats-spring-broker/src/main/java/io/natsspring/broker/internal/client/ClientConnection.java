package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.AuthResult;
import io.natsspring.broker.internal.auth.Permissions;
import io.natsspring.broker.internal.protocol.ClientOpHandler;
import io.natsspring.broker.internal.protocol.ClientProtocolParser;
import io.natsspring.broker.internal.protocol.ProtocolError;
import io.natsspring.broker.internal.protocol.ServerOps;
import io.natsspring.broker.internal.routing.MatchResult;
import io.natsspring.broker.internal.routing.Subjects;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: decodes its operations, holds its CONNECT settings, permissions and subscriptions,
 * and owns its outbound buffer. Publishers on any thread append frames to that buffer under a short lock;
 * the bytes reach the socket when the connection's event loop flushes, once per publisher read batch.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter implements ClientOpHandler {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
    /** Runs credential checks (bcrypt) away from the event loops. */
    private static final Executor AUTH_EXECUTOR = Executors.newCachedThreadPool(
            new DefaultThreadFactory("nats-broker-auth", true));

    private final ClientServices services;
    private final ConnectionLimits limits;
    private final MessageRouter router;
    private final long id;
    private final ClientProtocolParser parser;
    private final InboundMessage inbound = new InboundMessage();
    private final FlushBatch batch = new FlushBatch();
    private final Map<String, ClientSubscription> subs = new ConcurrentHashMap<>();
    private final ClientOutbound outbound;
    private final InboundAccumulator reads;
    /** Written only by this connection's event loop; read by monitoring. */
    private volatile long inMsgs;
    private volatile long inBytes;

    /** Set by {@link FlushBatch} to avoid listing a connection twice in one batch. */
    Object flushMark;

    private Channel channel;
    private EventLoop loop;
    private String clientIp = "";
    private int clientPort;
    private volatile boolean closing;
    private volatile boolean headers;
    private volatile boolean echo = true;
    private boolean verbose;
    private boolean pedantic;
    private boolean noResponders;
    private boolean connected;
    private String name;
    private String lang;
    private String version;
    private String user;
    private Permissions permissions = Permissions.ALLOW_ALL;
    private int pingsOut;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> authTimer;
    private long unwritableEpoch;
    private final long startedNanos = System.nanoTime();
    private final long startedMillis = System.currentTimeMillis();

    public ClientConnection(ClientServices services, long id) {
        this.services = services;
        this.limits = services.limits();
        this.router = services.router();
        this.id = id;
        this.parser = new ClientProtocolParser(limits.maxControlLine(), limits.maxPayload());
        this.outbound = new ClientOutbound(limits.maxPending(), this::slowConsumer);
        this.reads = new InboundAccumulator(parser);
    }

    public long id() { return id; }
    public String clientIp() { return clientIp; }
    public int clientPort() { return clientPort; }
    public String name() { return name; }
    public String lang() { return lang; }
    public String version() { return version; }
    public String user() { return user; }
    public boolean echo() { return echo; }
    public boolean headersSupported() { return headers; }
    public long inMsgs() { return inMsgs; }
    public long inBytes() { return inBytes; }
    public long outMsgs() { return outbound.msgs(); }
    public long outBytes() { return outbound.bytes(); }
    public long uptimeNanos() { return System.nanoTime() - startedNanos; }

    /** Wall-clock time the connection was accepted, in epoch milliseconds. */
    public long startedMillis() { return startedMillis; }

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
            clientIp = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
            clientPort = a.getPort();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        enqueueRaw(ServerOps.info(services.infoJson(id, clientIp)));
        if (!services.opened(this)) {
            closeWithError("maximum connections exceeded");
            return;
        }
        boolean authRequired = services.authenticator().required();
        parser.requireConnectFirst(authRequired);
        if (authRequired) {
            long t = limits.authTimeout().toNanos();
            authTimer = loop.schedule(() -> {
                if (!connected) {
                    closeWithError("Authentication Timeout");
                }
            }, t, TimeUnit.NANOSECONDS);
        }
        long p = limits.pingInterval().toNanos();
        pingTimer = loop.scheduleAtFixedRate(this::sendPing, p, p, TimeUnit.NANOSECONDS);
        flushNow();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        if (pingTimer != null) {
            pingTimer.cancel(false);
        }
        if (authTimer != null) {
            authTimer.cancel(false);
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
            reads.read(in, this, ctx.alloc());
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
        if (!channel.isWritable()) {
            long epoch = ++unwritableEpoch;
            loop.schedule(() -> {
                if (unwritableEpoch == epoch && !channel.isWritable() && channel.isActive()) {
                    LOG.log(System.Logger.Level.INFO, "cid:{0} Slow Consumer: write deadline of {1} exceeded",
                            id, limits.writeDeadline());
                    slowConsumer();
                }
            }, limits.writeDeadline().toNanos(), TimeUnit.NANOSECONDS);
        } else {
            unwritableEpoch++;
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Graceful close from the broker: flush what is buffered, then close. */
    public void shutdown() {
        closing = true;
        loop.execute(() -> {
            flushNow();
            channel.close();
        });
    }

    private void sendPing() {
        if (pingsOut + 1 > limits.maxPingsOut()) {
            closeWithError("Stale Connection");
            return;
        }
        pingsOut++;
        enqueueRaw(ServerOps.PING);
        flushNow();
    }

    // ---------------------------------------------------------------- inbound operations

    @Override
    public boolean onConnect(ByteBuf buf, int jsonIndex, int jsonLength) {
        ConnectRequest req;
        try {
            req = ConnectRequest.parse(buf.toString(jsonIndex, jsonLength, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "cid:" + id + " " + e.getMessage());
            closeWithError(ProtocolError.UNKNOWN_OPERATION.errText());
            return false;
        }
        if (req.protocol() < 0 || req.protocol() > 1) {
            closeWithError("invalid client protocol");
            return false;
        }
        if (req.noResponders() && !req.headers()) {
            closeWithError("no responders requires headers support");
            return false;
        }
        if (services.authenticator().required()) {
            // bcrypt checks take up to hundreds of milliseconds: run them off the event loop and hold back the
            // rest of this client's input until the verdict is in.
            parser.pause();
            channel.config().setAutoRead(false);
            AUTH_EXECUTOR.execute(() -> {
                AuthResult r = services.authenticator().authenticate(req.user(), req.pass(), req.authToken());
                loop.execute(() -> finishConnect(req, r));
            });
            return true;
        }
        acceptConnect(req);
        return true;
    }

    private void finishConnect(ConnectRequest req, AuthResult r) {
        if (closing) {
            return;
        }
        if (r == null || !r.ok()) {
            LOG.log(System.Logger.Level.INFO, "cid:{0} authorization violation from {1}", id, clientIp);
            closeWithError("Authorization Violation");
            return;
        }
        user = r.user();
        permissions = r.permissions() == null ? Permissions.ALLOW_ALL : r.permissions();
        acceptConnect(req);
        parser.resume();
        channel.config().setAutoRead(true);
        reads.resume(this, channel.alloc());
        batch.flushAll();
    }

    private void acceptConnect(ConnectRequest req) {
        if (authTimer != null) {
            authTimer.cancel(false);
            authTimer = null;
        }
        verbose = req.verbose();
        pedantic = req.pedantic();
        echo = req.echo();
        headers = req.headers();
        noResponders = req.noResponders();
        name = req.name();
        lang = req.lang();
        version = req.version();
        connected = true;
        ok();
    }

    @Override
    public boolean onPublish(ByteBuf buf, int subjectIndex, int subjectLength, int replyIndex, int replyLength,
                             int headerLength, int dataIndex, int totalLength) {
        if (headerLength >= 0 && !headers && connected) {
            closeWithError(ProtocolError.UNKNOWN_OPERATION.errText());
            return false;
        }
        InboundMessage m = inbound.set(buf, subjectIndex, subjectLength, replyIndex, replyLength, headerLength,
                dataIndex, totalLength);
        inMsgs++;
        inBytes += totalLength;
        if (!validPublishSubject(buf, subjectIndex, subjectLength, pedantic)) {
            sendErr("Invalid Publish Subject");
            return true;
        }
        if (permissions != Permissions.ALLOW_ALL && !permissions.canPublish(m.subject())) {
            sendErr("Permissions Violation for Publish to \"" + m.subject() + "\"");
            return true;
        }
        // +OK precedes any copy of the message delivered back to this client, as in nats-server
        ok();
        int delivered = router.route(m, this, batch);
        if (delivered == 0 && noResponders && replyLength > 0) {
            sendNoResponders(m);
        }
        return true;
    }

    @Override
    public boolean onSubscribe(ByteBuf buf, int subjectIndex, int subjectLength, int queueIndex, int queueLength,
                               int sidIndex, int sidLength) {
        String subject = buf.toString(subjectIndex, subjectLength, StandardCharsets.UTF_8);
        String queue = queueLength == 0 ? null : buf.toString(queueIndex, queueLength, StandardCharsets.UTF_8);
        String sid = buf.toString(sidIndex, sidLength, StandardCharsets.UTF_8);
        if (!Subjects.isValidSubscribeSubject(subject)) {
            sendErr("Invalid Subject");
            return true;
        }
        if (permissions != Permissions.ALLOW_ALL && !permissions.canSubscribe(subject, queue)) {
            sendErr(queue == null
                    ? "Permissions Violation for Subscription to \"" + subject + "\""
                    : "Permissions Violation for Subscription to \"" + subject + "\" using queue \"" + queue + "\"");
            return true;
        }
        if (!subs.containsKey(sid)) {
            ClientSubscription s = new ClientSubscription(this, subject, queue, sid,
                    permissions.subscribeDenyOverlaps(subject) ? permissions : null);
            subs.put(sid, s);
            router.subscribe(s);
        }
        ok();
        return true;
    }

    @Override
    public boolean onUnsubscribe(ByteBuf buf, int sidIndex, int sidLength, long max) {
        String sid = buf.toString(sidIndex, sidLength, StandardCharsets.UTF_8);
        ClientSubscription s = subs.get(sid);
        if (s != null && (max <= 0 || s.limit(max))) {
            subs.remove(sid);
            router.unsubscribe(s);
        }
        ok();
        return true;
    }

    @Override
    public boolean onPing() {
        enqueueRaw(ServerOps.PONG);
        batch.add(this);
        return true;
    }

    @Override
    public boolean onPong() {
        pingsOut = 0;
        return true;
    }

    @Override
    public boolean onOperationBeforeConnect() {
        closeWithError("Authorization Violation");
        return false;
    }

    @Override
    public void onProtocolError(ProtocolError error) {
        LOG.log(System.Logger.Level.DEBUG, () -> "cid:" + id + " protocol error: " + error);
        closeWithError(error.errText());
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

    /**
     * Rejects empty subjects and empty tokens always, and wildcard tokens in pedantic mode. Without pedantic mode
     * {@code nats-server} routes a published {@code *} or {@code >} token as a literal token, and clients rely on
     * it (e.g. a JetStream direct get for {@code $JS.API.DIRECT.GET.S.a.*}).
     */
    private static boolean validPublishSubject(ByteBuf buf, int index, int length, boolean pedantic) {
        if (length == 0) {
            return false;
        }
        byte prev = '.';
        for (int i = index, end = index + length; i < end; i++) {
            byte b = buf.getByte(i);
            if (b == '.') {
                if (prev == '.') {
                    return false;
                }
            } else if (pedantic && (b == '*' || b == '>') && prev == '.'
                    && (i + 1 == end || buf.getByte(i + 1) == '.')) {
                return false;
            }
            prev = b;
        }
        return prev != '.';
    }

    private void sendNoResponders(InboundMessage m) {
        MatchResult<Subscription> r = router.match(m.reply());
        for (int i = 0, n = r.plainCount(); i < n; i++) {
            if (r.plain(i) instanceof ClientSubscription s && s.owner() == this) {
                enqueueStatus(m, s);
                return;
            }
        }
        for (int g = 0; g < r.groupCount(); g++) {
            for (int i = 0; i < r.groupSize(g); i++) {
                if (r.groupMember(g, i) instanceof ClientSubscription s && s.owner() == this) {
                    enqueueStatus(m, s);
                    return;
                }
            }
        }
    }

    private void enqueueStatus(InboundMessage m, ClientSubscription s) {
        outbound.appendNoResponders(m, s.sidBytes());
        batch.add(this);
    }

    // ---------------------------------------------------------------- outbound

    private void ok() {
        if (verbose) {
            enqueueRaw(ServerOps.OK);
            batch.add(this);
        }
    }

    private void sendErr(String text) {
        enqueueRaw(ServerOps.err(text));
        batch.add(this);
    }

    /** Sends {@code -ERR} and closes once it is written. Runs on the connection's event loop. */
    private void closeWithError(String text) {
        if (closing) {
            return;
        }
        closing = true;
        outbound.close();
        outbound.appendRaw(ServerOps.err(text));
        outbound.flushNow();
        channel.close();
    }

    /** Called by the outbound buffer, on a publisher's thread, when {@code max_pending} would be exceeded. */
    private void slowConsumer() {
        if (closing) {
            return;
        }
        closing = true;
        LOG.log(System.Logger.Level.INFO, "cid:{0} Slow Consumer Detected: MaxPending of {1} Exceeded",
                id, limits.maxPending());
        services.slowConsumerDetected(this);
        loop.execute(() -> channel.close());
    }

    private void enqueueRaw(byte[] bytes) {
        outbound.appendRaw(bytes);
    }

    /**
     * Appends a MSG/HMSG frame for one subscription. Called from any publisher's thread. Returns {@code false}
     * when the connection is closing or just became a slow consumer.
     */
    boolean enqueueMsg(InboundMessage m, byte[] sid) {
        return !closing && outbound.appendMsg(m, sid, headers);
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
        return "cid:" + id + " " + clientIp + ":" + clientPort + (name == null ? "" : " '" + name + "'");
    }
}
