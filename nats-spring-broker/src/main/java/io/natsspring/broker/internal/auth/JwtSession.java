package io.natsspring.broker.internal.auth;

/**
 * What a connection authenticated by a user JWT must apply beyond permissions: the account it belongs to (the
 * account's public key), when its authentication expires (Unix seconds, 0 never), its limits on subscriptions
 * and payload size, its account's limit of active connections (-1 unlimited), and the {@code name} claims of the user
 * and account JWTs ({@code $SYS.REQ.USER.INFO}), and the key that signed the user JWT (the account or one of its
 * signing keys: {@code issuer_key} in client details).
 */
public record JwtSession(
        String account,
        long expiresAt,
        long maxSubs,
        long maxPayload,
        long maxAccountConnections,
        String userName,
        String accountName,
        String issuerKey) {

    /** Without the user JWT's issuer. */
    public JwtSession(
            String account,
            long expiresAt,
            long maxSubs,
            long maxPayload,
            long maxAccountConnections,
            String userName,
            String accountName) {
        this(account, expiresAt, maxSubs, maxPayload, maxAccountConnections, userName, accountName, "");
    }

    /** Without the JWTs' {@code name} claims. */
    public JwtSession(String account, long expiresAt, long maxSubs, long maxPayload, long maxAccountConnections) {
        this(account, expiresAt, maxSubs, maxPayload, maxAccountConnections, "", "", "");
    }
}
