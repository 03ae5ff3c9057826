package io.natsspring.broker.internal.client;

import java.util.Objects;

/**
 * The account a connection belongs to once its CONNECT is accepted: the account's name (for monitoring) and its
 * own message router (its subject tree). Connections of different accounts never share a router.
 */
public record AccountBinding(String account, MessageRouter router) {

    public AccountBinding {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(router, "router");
    }
}
