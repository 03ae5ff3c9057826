package io.natsspring.broker.internal.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits of one account's {@code limits { max_connections, max_subscriptions, max_payload, max_leafnodes }}
 * ({@code -1}: unlimited) and the count of the account's open client connections they are checked against. A
 * configuration reload changes the limits in place ({@link #reload}); the connections then re-apply them.
 */
public final class AccountLimits {

    /** The limits of an account without {@code limits}. */
    public static final int UNLIMITED = -1;

    private volatile int maxConnections;
    private volatile int maxSubscriptions;
    private volatile int maxPayload;
    private volatile int maxLeafNodes;
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

    /**
     * A configuration reload set the account's {@code limits} to these values: later connections and subscriptions
     * meet them, and each open connection re-applies them through {@link #keepAfterReload()}.
     */
    public void reload(int maxConnections, int maxSubscriptions, int maxPayload, int maxLeafNodes) {
        this.maxConnections = maxConnections;
        this.maxSubscriptions = maxSubscriptions;
        this.maxPayload = maxPayload;
        this.maxLeafNodes = maxLeafNodes;
    }

    /**
     * Re-counts one open connection after a reload, as {@code nats-server} re-registers each client with its account:
     * while the account holds more connections than a lowered {@code max_connections}, the connection is uncounted
     * and must be closed; so exactly {@code max_connections} of them stay.
     *
     * @return whether the connection stays (if not, it is no longer counted)
     */
    boolean keepAfterReload() {
        while (true) {
            int n = connections.get();
            int max = maxConnections;
            if (max == UNLIMITED || n <= max) {
                return true;
            }
            if (connections.compareAndSet(n, n - 1)) {
                return false;
            }
        }
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
