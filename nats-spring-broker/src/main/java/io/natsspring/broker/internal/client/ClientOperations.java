package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.Permissions;
import io.natsspring.broker.internal.protocol.ClientOpHandler;
import io.natsspring.broker.internal.protocol.ProtocolError;
import io.natsspring.broker.internal.protocol.ServerOps;
import io.natsspring.broker.internal.routing.Subjects;
import io.natsspring.broker.internal.trace.MessageTrace;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The operations a client sends, as the parser decodes them: PUB/HPUB (subject checks, publish permissions,
 * routing, no-responders), SUB/UNSUB (subscribe permissions), PING/PONG; CONNECT goes to the
 * {@link ConnectHandler}. Runs on the connection's event loop.
 */
final class ClientOperations implements ClientOpHandler {

    private static final System.Logger LOG = System.getLogger(ClientOperations.class.getName());

    private final ClientConnection connection;
    private final ConnectHandler connect;
    private final FlushBatch batch;
    private final InboundMessage inbound = new InboundMessage();

    ClientOperations(ClientConnection connection, ConnectHandler connect, FlushBatch batch) {
        this.connection = connection;
        this.connect = connect;
        this.batch = batch;
    }

    @Override
    public boolean onConnect(ByteBuf buf, int jsonIndex, int jsonLength) {
        return connect.onConnect(buf, jsonIndex, jsonLength);
    }

    @Override
    public boolean onPublish(
            ByteBuf buf,
            int subjectIndex,
            int subjectLength,
            int replyIndex,
            int replyLength,
            int headerLength,
            int dataIndex,
            int totalLength) {
        ClientSettings settings = connection.settings();
        if (headerLength >= 0 && !settings.headers()) {
            // as nats-server: HPUB without headers announced in CONNECT closes without -ERR
            onProtocolError(ProtocolError.BAD_ARGUMENTS);
            return false;
        }
        InboundMessage m = inbound.set(
                buf, subjectIndex, subjectLength, replyIndex, replyLength, headerLength, dataIndex, totalLength);
        connection.countInbound(totalLength);
        // as nats-server: an empty token matches no subscription; pedantic mode reports an invalid subject (empty
        // or wildcard token) with -ERR and still publishes
        boolean matchable = validPublishSubject(buf, subjectIndex, subjectLength, false);
        if (settings.pedantic() && (!matchable || !validPublishSubject(buf, subjectIndex, subjectLength, true))) {
            connection.sendErr("Invalid Publish Subject");
        }
        MessageTrace trace = headerLength > 0 ? Tracing.begin(connection, m) : null;
        if (trace == Tracing.SKIP) {
            return true;
        }
        Permissions permissions = settings.permissions();
        if (permissions != Permissions.ALLOW_ALL
                && !permissions.canPublish(m.subject())
                && !connection.responseAllowed(m.subject())) {
            String error = "Permissions Violation for Publish to \"" + m.subject() + "\"";
            if (trace != null) {
                trace.ingressError(error);
                trace.routed();
            }
            connection.sendErr(error);
            return true;
        }
        // +OK precedes any copy of the message delivered back to this client, as in nats-server
        connection.ok();
        MessageRouter router = connection.router();
        int delivered = matchable ? router.route(m.trace(trace), connection, batch) : 0;
        if (trace != null) {
            trace.routed();
            if (trace.traceOnly()) {
                return true;
            }
        }
        if (delivered == 0 && settings.noResponders() && replyLength > 0) {
            NoResponders.answer(router, connection, m, batch);
        }
        return true;
    }

    @Override
    public void onMaxPayloadHeaders(
            ByteBuf buf, int subjectIndex, int subjectLength, int headerIndex, int headerLength, long total) {
        Tracing.maxPayload(
                connection,
                buf.toString(subjectIndex, subjectLength, StandardCharsets.UTF_8),
                buf,
                headerIndex,
                headerLength,
                total);
    }

    @Override
    public boolean onSubscribe(
            ByteBuf buf,
            int subjectIndex,
            int subjectLength,
            int queueIndex,
            int queueLength,
            int sidIndex,
            int sidLength) {
        connection.markActivity();
        String subject = buf.toString(subjectIndex, subjectLength, StandardCharsets.UTF_8);
        String queue = queueLength == 0 ? null : buf.toString(queueIndex, queueLength, StandardCharsets.UTF_8);
        String sid = buf.toString(sidIndex, sidLength, StandardCharsets.UTF_8);
        if (!Subjects.isValidSubscribeSubject(subject)) {
            connection.sendErr("Invalid Subject");
            return true;
        }
        Permissions permissions = connection.settings().permissions();
        if (permissions != Permissions.ALLOW_ALL && !permissions.canSubscribe(subject, queue)) {
            connection.sendErr(
                    queue == null
                            ? "Permissions Violation for Subscription to \"" + subject + "\""
                            : "Permissions Violation for Subscription to \"" + subject + "\" using queue \"" + queue
                                    + "\"");
            return true;
        }
        if (connection.subscriptionsAtLimit() || connection.subscriptionLimitReached(sid)) {
            // as nats-server: an error, no +OK, the connection stays
            connection.sendErr("maximum subscriptions exceeded");
            return true;
        }
        connection.subscribe(subject, queue, sid, permissions.subscribeDenyOverlaps(subject) ? permissions : null);
        connection.ok();
        return true;
    }

    @Override
    public boolean onUnsubscribe(ByteBuf buf, int sidIndex, int sidLength, long max) {
        connection.markActivity();
        connection.unsubscribe(buf.toString(sidIndex, sidLength, StandardCharsets.UTF_8), max);
        connection.ok();
        return true;
    }

    @Override
    public boolean onInfo(ByteBuf buf, int jsonIndex, int jsonLength) {
        if (!ClientJson.isObjectOrNull(buf.toString(jsonIndex, jsonLength, StandardCharsets.UTF_8))) {
            onProtocolError(ProtocolError.BAD_ARGUMENTS);
            return false;
        }
        return true;
    }

    @Override
    public boolean onPing() {
        connection.markActivity();
        connection.enqueueRaw(ServerOps.PONG);
        connection.afterFirstPong();
        batch.add(connection);
        return true;
    }

    @Override
    public boolean onPong() {
        connection.timers().pongReceived();
        connection.pongReceived();
        return true;
    }

    @Override
    public boolean onOperationBeforeConnect() {
        connection.closeWithError("Authorization Violation");
        return false;
    }

    @Override
    public void onProtocolError(ProtocolError error) {
        LOG.log(System.Logger.Level.DEBUG, () -> connection + " protocol error: " + error);
        if (error.errText() == null) {
            connection.closeWithoutError(
                    error == ProtocolError.CLIENT_ERROR ? CloseReasons.PARSE_ERROR : CloseReasons.READ_ERROR);
        } else {
            connection.closeWithError(error.errText());
        }
    }

    /**
     * False for empty subjects and empty tokens always, and wildcard tokens in pedantic mode. Without pedantic mode
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
            } else if (pedantic
                    && (b == '*' || b == '>')
                    && prev == '.'
                    && (i + 1 == end || buf.getByte(i + 1) == '.')) {
                return false;
            }
            prev = b;
        }
        return prev != '.';
    }
}
