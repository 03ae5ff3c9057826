package io.natsspring.broker.internal.client;

import java.util.Objects;

/**
 * The account a connection belongs to once its CONNECT is accepted: the account's name (for monitoring), its
 * own message router (its subject tree) and its connection limits. Connections of different accounts never share
 * a router.
 */
public record AccountBinding(String account, MessageRouter router, AccountLimits limits) {

    public AccountBinding {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(limits, "limits");
    }

    /** A binding without account limits. */
    public AccountBinding(String account, MessageRouter router) {
        this(account, router, AccountLimits.unlimited());
    }
}
