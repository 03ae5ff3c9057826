package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.Authenticator;

/** What a connection needs from the broker it belongs to. */
public interface ClientServices {

    ConnectionLimits limits();

    MessageRouter router();

    Authenticator authenticator();

    /**
     * The account of an authenticated {@code user} ({@code null} for token or no authentication): its name and
     * router. By default every connection is in the global account and uses {@link #router()}.
     */
    default AccountBinding account(String user) {
        return new AccountBinding("$G", router());
    }

    /**
     * The account named {@code name} (a JWT user's account, by its public key), or {@code null} when there is none.
     * By default there are no named accounts.
     */
    default AccountBinding accountNamed(String name) {
        return null;
    }

    /**
     * Counts a JWT user's connection into {@code account}; {@code false} (and not counted) when the account already
     * has {@code max} active connections ({@code max} negative: unlimited).
     */
    default boolean accountConnectionOpened(String account, long max) {
        return true;
    }

    /** A connection counted by {@link #accountConnectionOpened} closed. */
    default void accountConnectionClosed(String account) {}

    /** The INFO JSON for a connection. */
    String infoJson(long clientId, String clientIp);

    /** The INFO JSON for a new client, carrying {@code nonce} for NKey users to sign (none when null). */
    default String infoJson(long clientId, String clientIp, String nonce) {
        return infoJson(clientId, clientIp);
    }

    /**
     * The INFO a client of protocol 1 gets after its first PONG, as {@code nats-server} sends it: the server's INFO
     * with {@code connect_info}, the client's account ({@code remote_account}) and its effective
     * {@code max_payload}; {@code null} for none.
     */
    default String connectInfoJson(long clientId, String clientIp, String account, int maxPayload) {
        return null;
    }

    /**
     * The asynchronous INFO announcing lame-duck mode ({@code "ldm":true}), otherwise as {@link #connectInfoJson};
     * {@code null} for none.
     */
    default String lameDuckInfoJson(long clientId, String clientIp, String account, int maxPayload) {
        return null;
    }

    /** Registers a new connection; returns {@code false} when the connection limit is reached. */
    boolean opened(ClientConnection connection);

    /** Counts a connection disconnected as a slow consumer. */
    void slowConsumerDetected(ClientConnection connection);

    /** Unregisters a closed connection ({@link ClientConnection#closeReason()} says why it closed). */
    void closed(ClientConnection connection);

    /** The connection's CONNECT was accepted and it is bound to its account. Called on its event loop. */
    default void connected(ClientConnection connection) {}

    /**
     * The server's identity as {@code nats-server} puts it in system messages ({@code name, host, id, ver, …, seq,
     * time}), for message-trace events; empty by default.
     */
    default java.util.Map<String, Object> serverIdentity() {
        return java.util.Map.of();
    }
}
