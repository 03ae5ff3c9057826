package io.natsspring.broker.internal.auth;

/**
 * What a connection authenticated by a user JWT must apply beyond permissions: the account it belongs to (the
 * account's public key), when its authentication expires (Unix seconds, 0 never), its limits on subscriptions
 * and payload size, and its account's limit of active connections (-1 unlimited).
 */
public record JwtSession(String account, long expiresAt, long maxSubs, long maxPayload, long maxAccountConnections) {}
