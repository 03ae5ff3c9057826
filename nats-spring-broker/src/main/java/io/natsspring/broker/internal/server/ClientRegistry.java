package io.natsspring.broker.internal.server;

import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.client.AccountBinding;
import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.ClientServices;
import io.natsspring.broker.internal.client.ConnectionLimits;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.monitor.Traffic;
import io.natsspring.broker.internal.system.SystemEvents;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The open client connections and their accounting: admits connections up to {@code max_connections} while the
 * server accepts, and keeps the totals that outlive closed connections (for {@code /varz}).
 */
final class ClientRegistry implements ClientServices {

    private volatile ConnectionLimits limits;
    private volatile int maxConnections;
    private final MessageRouter router;
    private volatile Authenticator authenticator;
    private final Function<String, AccountBinding> accounts;
    private volatile Function<String, AccountBinding> namedAccounts = name -> null;
    private final ConcurrentHashMap<Long, ClientConnection> clients = new ConcurrentHashMap<>();
    /** Active connections of JWT users per account (bounded by the number of preloaded accounts). */
    private final ConcurrentHashMap<String, AtomicInteger> accountConnections = new ConcurrentHashMap<>();

    private final AtomicInteger connectionCount = new AtomicInteger();
    private final AtomicLong totalConnections = new AtomicLong();
    private final AtomicLong slowConsumers = new AtomicLong();
    private final Object closedTrafficLock = new Object();
    private Traffic closedTraffic = Traffic.NONE;
    /** Traffic of closed connections per account (one entry per account that had a connection). */
    private final ConcurrentHashMap<String, Traffic> closedAccountTraffic = new ConcurrentHashMap<>();

    private volatile ServerInfo info;
    private volatile SystemEvents events;
    private volatile boolean accepting;

    ClientRegistry(
            ServerSettings settings,
            MessageRouter router,
            Authenticator authenticator,
            Function<String, AccountBinding> accounts) {
        this.accounts = accounts;
        this.limits = settings.limits();
        this.maxConnections = settings.maxConnections();
        this.router = router;
        this.authenticator = authenticator;
    }

    /** Starts admitting connections, which receive this INFO. */
    void accept(ServerInfo info) {
        this.info = info;
        this.accepting = true;
    }

    private volatile io.natsspring.broker.internal.system.ServerEnvelope identity;

    /** The server identity put in message-trace events from now on. */
    void identity(io.natsspring.broker.internal.system.ServerEnvelope identity) {
        this.identity = identity;
    }

    @Override
    public java.util.Map<String, Object> serverIdentity() {
        io.natsspring.broker.internal.system.ServerEnvelope e = identity;
        return e == null ? java.util.Map.of() : e.next();
    }

    /** Sends connect and disconnect events to the system account from now on ({@code null}: none). */
    void events(SystemEvents events) {
        this.events = events;
    }

    /**
     * A configuration reload: new connections get these limits, this authenticator and this INFO. When fewer
     * connections are allowed than are open, the newest ones beyond the limit are closed with
     * {@code -ERR 'maximum connections exceeded'}, as {@code nats-server} does.
     */
    void reload(ServerSettings settings, Authenticator reloaded, ServerInfo reloadedInfo) {
        this.limits = settings.limits();
        this.authenticator = reloaded;
        this.info = reloadedInfo;
        this.maxConnections = settings.maxConnections();
        List<ClientConnection> open = new java.util.ArrayList<>(clients.values());
        open.sort(java.util.Comparator.comparingLong(ClientConnection::id).reversed());
        for (int i = 0; i < open.size() - settings.maxConnections(); i++) {
            open.get(i).closeWithMaxConnectionsExceeded();
        }
    }

    /** The INFO new connections receive ({@code null} before the server accepts). */
    ServerInfo info() {
        return info;
    }

    /** Refuses connections from now on. */
    void stopAccepting() {
        accepting = false;
    }

    Collection<ClientConnection> connections() {
        return List.copyOf(clients.values());
    }

    int size() {
        return clients.size();
    }

    boolean isEmpty() {
        return clients.isEmpty();
    }

    long totalConnections() {
        return totalConnections.get();
    }

    long slowConsumers() {
        return slowConsumers.get();
    }

    Traffic closedTraffic() {
        synchronized (closedTrafficLock) {
            return closedTraffic;
        }
    }

    /** Messages and bytes of {@code account}'s connections that already closed. */
    Traffic closedTraffic(String account) {
        return account == null ? Traffic.NONE : closedAccountTraffic.getOrDefault(account, Traffic.NONE);
    }

    @Override
    public ConnectionLimits limits() {
        return limits;
    }

    @Override
    public MessageRouter router() {
        return router;
    }

    @Override
    public Authenticator authenticator() {
        return authenticator;
    }

    @Override
    public AccountBinding account(String user) {
        return accounts.apply(user);
    }

    @Override
    public boolean accountConnectionOpened(String account, long max) {
        AtomicInteger n = accountConnections.computeIfAbsent(account, a -> new AtomicInteger());
        if (n.incrementAndGet() > max && max >= 0) {
            n.decrementAndGet();
            return false;
        }
        return true;
    }

    @Override
    public void accountConnectionClosed(String account) {
        AtomicInteger n = accountConnections.get(account);
        if (n != null) {
            n.decrementAndGet();
        }
    }

    /** Resolves the accounts of JWT users by name (public key). */
    void namedAccounts(Function<String, AccountBinding> namedAccounts) {
        this.namedAccounts = namedAccounts;
    }

    @Override
    public AccountBinding accountNamed(String name) {
        return namedAccounts.apply(name);
    }

    @Override
    public String infoJson(long clientId, String clientIp) {
        return info.json(clientId, clientIp, null);
    }

    @Override
    public String connectInfoJson(long clientId, String clientIp, String account, int maxPayload) {
        return info.connectJson(clientId, clientIp, account, maxPayload);
    }

    @Override
    public String lameDuckInfoJson(long clientId, String clientIp, String account, int maxPayload) {
        return info.lameDuckJson(clientId, clientIp, account, maxPayload);
    }

    @Override
    public String infoJson(long clientId, String clientIp, String nonce) {
        return info.json(clientId, clientIp, nonce);
    }

    @Override
    public boolean opened(ClientConnection connection) {
        if (!accepting) {
            return false;
        }
        if (connectionCount.incrementAndGet() > maxConnections) {
            connectionCount.decrementAndGet();
            return false;
        }
        clients.put(connection.id(), connection);
        totalConnections.incrementAndGet();
        return true;
    }

    @Override
    public void closed(ClientConnection connection) {
        if (clients.remove(connection.id()) != null) {
            connectionCount.decrementAndGet();
            synchronized (closedTrafficLock) {
                closedTraffic = closedTraffic.plus(
                        connection.inMsgs(), connection.outMsgs(), connection.inBytes(), connection.outBytes());
            }
            String account = connection.account();
            if (account != null) {
                closedAccountTraffic.merge(
                        account,
                        Traffic.NONE.plus(
                                connection.inMsgs(), connection.outMsgs(), connection.inBytes(), connection.outBytes()),
                        (a, b) -> a.plus(b.inMsgs(), b.outMsgs(), b.inBytes(), b.outBytes()));
            }
            SystemEvents e = events;
            if (e != null) {
                e.closed(connection);
            }
        }
    }

    @Override
    public void connected(ClientConnection connection) {
        SystemEvents e = events;
        if (e != null) {
            e.connected(connection);
        }
    }

    @Override
    public void slowConsumerDetected(ClientConnection connection) {
        slowConsumers.incrementAndGet();
    }
}
