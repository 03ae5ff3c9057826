package io.natsspring.broker.internal.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits of one account's {@code limits { max_connections, max_subscriptions, max_payload, max_leafnodes }}
 * ({@code -1}: unlimited) and the count of the account's open client connections they are checked against.
 */
public final class AccountLimits {

    /** The limits of an account without {@code limits}. */
    public static final int UNLIMITED = -1;

    private final int maxConnections;
    private final int maxSubscriptions;
    private final int maxPayload;
    private final int maxLeafNodes;
    private final AtomicInteger connections = new AtomicInteger();

    public AccountLimits(int maxConnections, int maxSubscriptions, int maxPayload, int maxLeafNodes) {
        this.maxConnections = maxConnections;
        this.maxSubscriptions = maxSubscriptions;
        this.maxPayload = maxPayload;
        this.maxLeafNodes = maxLeafNodes;
    }

    /** Limits that never refuse. */
    public static AccountLimits unlimited() {
        return new AccountLimits(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED);
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxSubscriptions() {
        return maxSubscriptions;
    }

    public int maxPayload() {
        return maxPayload;
    }

    public int maxLeafNodes() {
        return maxLeafNodes;
    }

    /** Client connections of the account now. */
    public int connections() {
        return connections.get();
    }

    /**
     * Counts one more client connection unless the account is at {@code max_connections} (as {@code nats-server},
     * a limit of 0 refuses every connection).
     *
     * @return whether the connection may join the account
     */
    boolean tryOpen() {
        while (true) {
            int n = connections.get();
            if (maxConnections != UNLIMITED && n >= maxConnections) {
                return false;
            }
            if (connections.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A connection counted by {@link #tryOpen} closed. */
    void closed() {
        connections.decrementAndGet();
    }

    /**
     * The smaller of a server-wide limit and this account's ({@code -1} or 0 in either: the other one), as
     * {@code nats-server} combines {@code max_payload} and {@code max_subscriptions}.
     */
    static int effective(int server, int account) {
        boolean serverLimited = server > 0;
        boolean accountLimited = account != UNLIMITED;
        if (!accountLimited) {
            return serverLimited ? server : UNLIMITED;
        }
        return serverLimited ? Math.min(server, account) : account;
    }
}
