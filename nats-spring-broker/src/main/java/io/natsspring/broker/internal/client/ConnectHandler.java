package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.AuthResult;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.Credentials;
import io.natsspring.broker.internal.auth.Permissions;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A connection's CONNECT: parses and validates it, authenticates the credentials (on the {@link AuthPool} when
 * authentication is on, holding back the client's further input until the verdict is in) and then accepts the
 * connection or closes it with {@code nats-server}'s error. Runs on the connection's event loop.
 */
final class ConnectHandler {

    private static final System.Logger LOG = System.getLogger(ConnectHandler.class.getName());

    private final ClientConnection connection;
    /** The current authenticator: a configuration reload may replace it. */
    private final Supplier<Authenticator> authenticators;

    private final AuthPool authPool;

    ConnectHandler(ClientConnection connection, Authenticator authenticator, AuthPool authPool) {
        this(connection, () -> authenticator, authPool);
    }

    ConnectHandler(ClientConnection connection, Supplier<Authenticator> authenticators, AuthPool authPool) {
        this.connection = connection;
        this.authenticators = authenticators;
        this.authPool = authPool;
    }

    /** Handles CONNECT; returns {@code false} when the connection is being closed. */
    boolean onConnect(ByteBuf buf, int jsonIndex, int jsonLength) {
        ConnectRequest req;
        try {
            req = ConnectRequest.parse(
                    buf.toString(jsonIndex, jsonLength, StandardCharsets.UTF_8), connection.connectRequest());
        } catch (IllegalArgumentException e) {
            // as nats-server: a CONNECT it can not decode closes the connection without -ERR
            LOG.log(System.Logger.Level.DEBUG, () -> connection + " " + e.getMessage());
            connection.closeWithoutError(CloseReasons.READ_ERROR);
            return false;
        }
        connection.connectReceived(req);
        if (req.protocol() < 0 || req.protocol() > 1) {
            connection.closeWithError("invalid client protocol");
            return false;
        }
        if (req.noResponders() && !req.headers()) {
            connection.closeWithError("no responders requires headers support");
            return false;
        }
        Authenticator authenticator = authenticators.get();
        if (authenticator.required()) {
            // hold back the rest of this client's input until the verdict is in
            connection.pauseInput();
            authPool.submit(() -> check(req, authenticator), connection.eventLoop(), () -> !connection.isClosing());
            return true;
        }
        connection.credentials(credentials(req));
        return accept(req, null, Permissions.ALLOW_ALL);
    }

    /**
     * On an auth pool thread: skipped when the connection closed meanwhile (its auth timeout fired while it
     * waited for the pool). Once the check starts the auth timeout no longer applies, as in nats-server, which
     * stops that timer when it starts processing the CONNECT.
     */
    private void check(ConnectRequest req, Authenticator authenticator) {
        connection.credentialCheckStarted();
        if (connection.isClosing()) {
            return;
        }
        AuthResult r;
        Credentials credentials = credentials(req);
        connection.credentials(credentials);
        try {
            r = authenticator.mapsCertificates()
                    ? authenticator.authenticateCertificate(connection.peerCertificate())
                    : authenticator.authenticate(credentials);
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
        Permissions permissions = r.permissions() == null ? Permissions.ALLOW_ALL : r.permissions();
        boolean ok;
        if (r.jwt() != null) {
            connection.protocol(req.protocol());
            ok = connection.accepted(ClientSettings.accepted(req, r.user(), permissions), r.jwt());
        } else {
            ok = accept(req, r.user(), permissions);
        }
        if (ok) {
            connection.resumeInput();
        }
    }

    private Credentials credentials(ConnectRequest req) {
        CookieCredentials cookies = connection.cookies();
        return new Credentials(
                CookieCredentials.or(req.user(), cookies.user()),
                CookieCredentials.or(req.pass(), cookies.pass()),
                CookieCredentials.or(req.authToken(), cookies.token()),
                req.nkey(),
                req.sig(),
                connection.nonce(),
                CookieCredentials.or(req.jwt(), cookies.jwt()),
                connection.clientIp(),
                ClientConnection.TYPE_WEBSOCKET.equals(connection.clientType())
                        ? Credentials.WEBSOCKET
                        : Credentials.STANDARD);
    }

    private boolean accept(ConnectRequest req, String user, Permissions permissions) {
        connection.protocol(req.protocol());
        return connection.accepted(ClientSettings.accepted(req, user, permissions));
    }
}
