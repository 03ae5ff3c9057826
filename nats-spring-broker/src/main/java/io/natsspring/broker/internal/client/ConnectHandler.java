package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.AuthResult;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.Credentials;
import io.natsspring.broker.internal.auth.Permissions;
import io.natsspring.broker.internal.protocol.ProtocolError;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A connection's CONNECT: parses and validates it, authenticates the credentials (on the {@link AuthPool} when
 * authentication is on, holding back the client's further input until the verdict is in) and then accepts the
 * connection or closes it with {@code nats-server}'s error. Runs on the connection's event loop.
 */
final class ConnectHandler {

    private static final System.Logger LOG = System.getLogger(ConnectHandler.class.getName());

    private final ClientConnection connection;
    private final Authenticator authenticator;
    private final AuthPool authPool;

    ConnectHandler(ClientConnection connection, Authenticator authenticator, AuthPool authPool) {
        this.connection = connection;
        this.authenticator = authenticator;
        this.authPool = authPool;
    }

    /** Handles CONNECT; returns {@code false} when the connection is being closed. */
    boolean onConnect(ByteBuf buf, int jsonIndex, int jsonLength) {
        ConnectRequest req;
        try {
            req = ConnectRequest.parse(buf.toString(jsonIndex, jsonLength, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> connection + " " + e.getMessage());
            connection.closeWithError(ProtocolError.UNKNOWN_OPERATION.errText());
            return false;
        }
        if (req.protocol() < 0 || req.protocol() > 1) {
            connection.closeWithError("invalid client protocol");
            return false;
        }
        if (req.noResponders() && !req.headers()) {
            connection.closeWithError("no responders requires headers support");
            return false;
        }
        if (authenticator.required()) {
            // hold back the rest of this client's input until the verdict is in
            connection.pauseInput();
            authPool.submit(() -> check(req), connection.eventLoop(), () -> !connection.isClosing());
            return true;
        }
        accept(req, null, Permissions.ALLOW_ALL);
        return true;
    }

    /**
     * On an auth pool thread: skipped when the connection closed meanwhile (its auth timeout fired while it
     * waited for the pool). Once the check starts the auth timeout no longer applies, as in nats-server, which
     * stops that timer when it starts processing the CONNECT.
     */
    private void check(ConnectRequest req) {
        connection.credentialCheckStarted();
        if (connection.isClosing()) {
            return;
        }
        AuthResult r;
        try {
            r = authenticator.mapsCertificates()
                    ? authenticator.authenticateCertificate(connection.peerCertificate())
                    : authenticator.authenticate(new Credentials(
                            req.user(),
                            req.pass(),
                            req.authToken(),
                            req.nkey(),
                            req.sig(),
                            connection.nonce(),
                            req.jwt(),
                            connection.clientIp()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> connection + " credential check failed: " + e, e);
            r = AuthResult.denied();
        }
        AuthResult verdict = r;
        connection.eventLoop().execute(() -> finish(req, verdict));
    }

    private void finish(ConnectRequest req, AuthResult r) {
        if (connection.isClosing()) {
            return;
        }
        if (r == null || !r.ok()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "cid:{0} authorization violation from {1}",
                    connection.id(),
                    connection.clientIp());
            connection.closeWithError("Authorization Violation");
            return;
        }
        if (r.jwt() != null) {
            connection.accepted(
                    ClientSettings.accepted(
                            req, r.user(), r.permissions() == null ? Permissions.ALLOW_ALL : r.permissions()),
                    r.jwt(),
                    req.protocol() >= 1);
            if (connection.isClosing()) {
                return;
            }
        } else {
            accept(req, r.user(), r.permissions() == null ? Permissions.ALLOW_ALL : r.permissions());
        }
        connection.resumeInput();
    }

    private void accept(ConnectRequest req, String user, Permissions permissions) {
        connection.accepted(ClientSettings.accepted(req, user, permissions));
    }
}
