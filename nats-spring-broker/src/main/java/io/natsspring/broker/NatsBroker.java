package io.natsspring.broker;

import io.natsspring.broker.internal.account.ActivationExpiryTimer;
import io.natsspring.broker.internal.account.JwtAccountSpecs;
import io.natsspring.broker.internal.auth.AccountServer;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.JwtDirectory;
import io.natsspring.broker.internal.auth.OperatorTrust;
import io.natsspring.broker.internal.leaf.LeafLinkInfo;
import io.natsspring.broker.internal.leaf.LeafRemoteState;
import io.natsspring.broker.internal.server.BrokerServer;
import io.natsspring.broker.internal.server.ServerReload;
import io.natsspring.broker.internal.server.ServerSettings;
import io.natsspring.broker.internal.server.ServerStartException;
import io.natsspring.broker.internal.system.ClaimsRequests;
import io.natsspring.broker.internal.system.MemoryClaimsUpdates;
import io.natsspring.broker.internal.tls.ClientTls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An embeddable NATS broker. Create with {@link BrokerOptions}, {@link #start()}, read the bound {@link #port()},
 * and {@link #close()} to shut down gracefully. Thread-safe.
 *
 * <pre>{@code
 * try (NatsBroker broker = new NatsBroker(BrokerOptions.builder().port(0).jetStream(true).build()).start()) {
 *     String url = broker.clientUrl();
 *     ...
 * }
 * }</pre>
 */
public final class NatsBroker implements AutoCloseable {

    private volatile BrokerOptions options;
    private final BrokerServer server;
    private final Object reloading = new Object();
    private final ActivationExpiryTimer activationExpiry = new ActivationExpiryTimer();
    private volatile OperatorTrust operatorTrust;
    /** The directory of a {@code full} or {@code cache} account resolver, {@code null} with {@code MEMORY}. */
    private final JwtDirectory jwtDirectory;
    /** The account server of a {@code URL} resolver, {@code null} otherwise. */
    private final AccountServer accountServer;
    /** The account JWTs applied from the directory (a pushed JWT that can not be applied is stored, not applied). */
    private volatile Map<String, String> appliedJwts = Map.of();
    /** The accounts a login looked up since start (with the system account and imports: the accounts in use). */
    private final java.util.Set<String> lookedUpAccounts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Prepares a broker; nothing listens before {@link #start()}.
     *
     * @throws IllegalArgumentException for inconsistent authentication settings, an invalid permission pattern or
     *                                  inconsistent accounts (an import of something not exported to it...), or
     *                                  TLS material that can not be used (the message names the setting and the file)
     */
    public NatsBroker(BrokerOptions options) {
        this.options = options;
        this.jwtDirectory = jwtDirectory(options);
        this.accountServer = accountServer(options);
        if (accountServer != null) {
            // as nats-server: "a basic test to see if anyone is home", the base URL must answer 200
            try {
                accountServer.fetch("");
            } catch (AccountServer.FetchException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        OperatorTrust trust = operatorTrust(options);
        this.operatorTrust = trust;
        Authenticator authenticator = AccountTranslation.authenticator(options, trust);
        ClientTls clientTls = TlsTranslation.clientTls(options);
        int httpsPort = options.httpsPort() == BrokerOptions.MONITORING_DISABLED
                ? ServerSettings.MONITORING_OFF
                : options.httpsPort();
        this.server = new BrokerServer(
                ListenerTranslation.settings(options),
                authenticator,
                AccountTranslation.accountSpecs(options, trust),
                clientTls,
                httpsPort,
                trust != null && trust.systemAccount() != null ? trust.systemAccount() : options.systemAccount());
        this.server.leafNodes(ListenerTranslation.leafSettings(options.leafNodes()));
        this.server.featureFlags(options.featureFlags());
        WebSocketConfig ws = options.webSocket();
        if (ws != null) {
            server.webSocket(
                    ListenerTranslation.webSocketSettings(options),
                    AccountTranslation.webSocketAuthenticator(options, trust),
                    ws.authTimeout());
        }
    }

    /** The bound leaf-node port, {@code -1} when there is none or the broker is not running. */
    public int leafNodePort() {
        var nodes = server.leafNodes();
        return nodes == null ? -1 : nodes.port();
    }

    /** Leaf-node links currently established (to hubs and from leaf nodes). */
    public int leafNodeCount() {
        var nodes = server.leafNodes();
        return nodes == null ? 0 : nodes.count();
    }

    /**
     * The leaf-node links: every configured remote (connected or not) in configuration order, then the leaf nodes
     * connected to this broker's leaf-node port. Empty without a {@code leafnodes} block or when not running.
     */
    public List<LeafLinkStatus> leafLinks() {
        var nodes = server.leafNodes();
        if (nodes == null) {
            return List.of();
        }
        List<LeafLinkStatus> out = new ArrayList<>();
        for (LeafRemoteState r : nodes.remotes()) {
            String remote = r.connected()
                    ? withoutUserInfo(r.connectedUrl())
                    : String.join(
                            ",",
                            r.urls().stream().map(NatsBroker::withoutUserInfo).toList());
            out.add(new LeafLinkStatus(
                    LeafLinkStatus.Role.HUB_CONNECTION,
                    remote,
                    r.account() == null ? "$G" : r.account(),
                    r.connected(),
                    r.hubName(),
                    r.connected() && r.rttNanos() > 0 ? java.time.Duration.ofNanos(r.rttNanos()) : null,
                    java.time.Instant.ofEpochMilli(r.sinceMillis()),
                    r.failedAttempts()));
        }
        for (LeafLinkInfo l : nodes.links()) {
            if (l.spoke()) {
                continue; // a link to a hub: listed with its remote above
            }
            out.add(new LeafLinkStatus(
                    LeafLinkStatus.Role.LEAF_CONNECTION,
                    l.ip() + ":" + l.port(),
                    l.account(),
                    true,
                    l.name(),
                    l.rttNanos() > 0 ? java.time.Duration.ofNanos(l.rttNanos()) : null,
                    java.time.Instant.ofEpochMilli(l.startedMillis()),
                    0));
        }
        return out;
    }

    private static String withoutUserInfo(java.net.URI url) {
        if (url == null) {
            return null;
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private OperatorTrust operatorTrust(BrokerOptions options) {
        OperatorConfig operator = options.operator();
        if (operator == null) {
            return null;
        }
        if (accountServer != null) {
            return urlTrust(operator);
        }
        if (jwtDirectory == null) {
            this.appliedJwts = Map.copyOf(operator.accountJwts());
            return track(new OperatorTrust(operator.operatorJwts(), operator.systemAccount(), operator.accountJwts()));
        }
        // as nats-server: the preloads are stored into the directory (unless it holds a newer JWT of the account),
        // then the accounts are those of the directory
        operator.accountJwts().forEach(jwtDirectory::saveIfNewer);
        Map<String, String> usable = new LinkedHashMap<>();
        jwtDirectory.all().forEach((key, jwt) -> {
            try {
                String subject = io.natsspring.broker.internal.auth.JwtAccount.decode(jwt)
                        .publicKey();
                if (subject.equals(key)) {
                    usable.put(key, jwt);
                } else {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "DirResolver - {0}: the JWT is that of account {1}; ignored",
                            jwtDirectory.file(key),
                            subject);
                }
            } catch (IllegalArgumentException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "DirResolver - {0}: not an account JWT ({1}); ignored",
                        jwtDirectory.file(key),
                        e.getMessage());
            }
        });
        // on a reload, as nats-server's updateAccountWithClaimJWT: a JWT that is not trusted (or fails validation)
        // leaves the running account its claims
        OperatorTrust probe = new OperatorTrust(operator.operatorJwts(), operator.systemAccount(), Map.of());
        Map<String, String> applied = appliedJwts;
        usable.replaceAll((key, jwt) -> {
            String old = applied.get(key);
            if (old == null || old.equals(jwt) || probe.accepts(jwt)) {
                return jwt;
            }
            LOG.log(
                    System.Logger.Level.ERROR,
                    "DirResolver - {0}: not applied, the account keeps its claims (account validation failed)",
                    jwtDirectory.file(key));
            return old;
        });
        OperatorTrust trust = track(new OperatorTrust(operator.operatorJwts(), operator.systemAccount(), usable));
        this.appliedJwts = Map.copyOf(usable);
        return trust;
    }

    /** Tells the accounts logins look up, and fetches the missing ones with a URL resolver. */
    private OperatorTrust track(OperatorTrust trust) {
        trust.onAccountLookup(lookedUpAccounts::add);
        if (accountServer != null) {
            trust.onMissingAccount(this::fetchAccount);
        }
        return trust;
    }

    /**
     * With {@code resolver: URL}: the accounts fetched so far (kept across reloads, as nats-server keeps its
     * registered accounts) and the system account, fetched at start as nats-server looks it up then.
     */
    private OperatorTrust urlTrust(OperatorConfig operator) {
        if (!operator.accountJwts().isEmpty()) {
            throw new IllegalArgumentException(
                    "resolver preloads only available for writeable resolver types MEM/DIR/CACHE_DIR");
        }
        Map<String, String> jwts = new LinkedHashMap<>(appliedJwts);
        OperatorTrust probe = new OperatorTrust(operator.operatorJwts(), operator.systemAccount(), Map.of());
        String system = probe.systemAccount();
        if (system != null && !jwts.containsKey(system)) {
            String jwt = fetchJwt(system, probe);
            if (jwt != null) {
                jwts.put(system, jwt);
            }
        }
        this.appliedJwts = Map.copyOf(jwts);
        return track(new OperatorTrust(operator.operatorJwts(), operator.systemAccount(), jwts));
    }

    /**
     * A login names an account not fetched yet ({@code resolver: URL}): fetched from the account server with the
     * accounts its imports name (as nats-server looks them up when it builds the account), checked, and applied to
     * the running server. On an auth pool thread.
     *
     * @return the trust holding the account, {@code null} when the fetch failed or the JWT is not trusted
     */
    private OperatorTrust fetchAccount(String account) {
        OperatorTrust current = operatorTrust;
        if (current == null || accountServer == null) {
            return null;
        }
        if (current.accounts().containsKey(account)) {
            return current;
        }
        Map<String, String> fetched = new LinkedHashMap<>();
        java.util.ArrayDeque<String> next = new java.util.ArrayDeque<>(List.of(account));
        while (!next.isEmpty() && fetched.size() < MAX_FETCHED_PER_LOGIN) {
            String key = next.poll();
            if (fetched.containsKey(key) || current.accounts().containsKey(key)) {
                continue;
            }
            String jwt = fetchJwt(key, current);
            if (jwt == null) {
                if (key.equals(account)) {
                    return null;
                }
                continue;
            }
            fetched.put(key, jwt);
            io.natsspring.broker.internal.auth.JwtAccount.decode(jwt).imports().forEach(i -> next.add(i.account()));
        }
        synchronized (reloading) {
            Map<String, String> jwts = new LinkedHashMap<>(appliedJwts);
            fetched.forEach(jwts::putIfAbsent);
            if (!jwts.equals(appliedJwts)) {
                applyAccountJwts(jwts);
            }
            return operatorTrust;
        }
    }

    /** The most accounts one login fetches (the account and, transitively, those its imports name). */
    private static final int MAX_FETCHED_PER_LOGIN = 64;

    /**
     * One account's JWT from the account server, {@code null} (logged as nats-server logs it) when the fetch fails,
     * or the JWT is not the account's, not trusted or not valid.
     */
    private String fetchJwt(String account, OperatorTrust trust) {
        if (!io.natsspring.broker.internal.auth.NKeyVerifier.isValidPublicKey(account, 'A')) {
            LOG.log(System.Logger.Level.WARNING, "Account fetch failed: will only fetch valid account keys");
            return null;
        }
        long start = System.nanoTime();
        String jwt;
        try {
            jwt = accountServer.fetch(account);
        } catch (AccountServer.FetchException e) {
            LOG.log(System.Logger.Level.WARNING, "Account fetch failed: {0}", e.getMessage());
            return null;
        }
        java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - start);
        LOG.log(
                took.compareTo(java.time.Duration.ofSeconds(1)) > 0
                        ? System.Logger.Level.WARNING
                        : System.Logger.Level.DEBUG,
                "Account [{0}] fetch took {1}",
                account,
                took);
        try {
            var claim = io.natsspring.broker.internal.auth.JwtAccount.decode(jwt);
            if (!claim.publicKey().equals(account) || !trust.accepts(jwt)) {
                LOG.log(System.Logger.Level.DEBUG, "Account [{0}]: account validation failed", account);
                return null;
            }
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "Account [{0}]: {1}", account, e.getMessage());
            return null;
        }
        return jwt.strip();
    }

    private static AccountServer accountServer(BrokerOptions options) {
        OperatorConfig operator = options.operator();
        AccountResolverConfig r = operator == null ? null : operator.resolver();
        if (r == null || r.type() != AccountResolverConfig.Type.URL) {
            return null;
        }
        ResolverTlsConfig t = r.tls();
        return new AccountServer(
                r.url(),
                t == null
                        ? null
                        : io.natsspring.broker.internal.tls.HttpsClientTls.context(
                                t.certFile(), t.keyFile(), t.caFile(), t.insecure()));
    }

    private static JwtDirectory jwtDirectory(BrokerOptions options) {
        OperatorConfig operator = options.operator();
        AccountResolverConfig r = operator == null ? null : operator.resolver();
        if (r == null || r.type() == AccountResolverConfig.Type.URL) {
            return null;
        }
        try {
            JwtDirectory store = new JwtDirectory(
                    r.dir(), r.type() == AccountResolverConfig.Type.CACHE, r.effectiveLimit(), r.hardDelete());
            ClaimsRequests.logProblems(store);
            return store;
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Answers the claims requests of the account resolver in the system account (once the server runs). */
    private void registerClaimsRequests() {
        OperatorTrust trust = operatorTrust;
        if (trust == null || server.system() == null) {
            return;
        }
        if (jwtDirectory == null) {
            new MemoryClaimsUpdates(new MemoryClaimsUpdates.Accounts() {
                        @Override
                        public boolean loaded(String account) {
                            // an account server's accounts are fetched when first used
                            return accountServer != null
                                    ? operatorTrust.accounts().containsKey(account)
                                    : accountsInUse().contains(account);
                        }

                        @Override
                        public void apply(String account, String jwt) {
                            memoryClaimsPushed(account, jwt);
                        }
                    })
                    .registerAll(server.system().requests());
            return;
        }
        AccountResolverConfig r = options.operator().resolver();
        new ClaimsRequests(
                        jwtDirectory,
                        r.type() == AccountResolverConfig.Type.CACHE,
                        r.allowDelete(),
                        trust.operatorKey(),
                        trust.trustedKeys(),
                        trust.strictSigningKeyUsage(),
                        trust.systemAccount(),
                        new ClaimsRequests.Changes() {
                            @Override
                            public void updated(String account) {
                                claimsUpdated(account);
                            }

                            @Override
                            public void deleted(String account) {
                                claimsDeleted(account);
                            }

                            @Override
                            public boolean loaded(String account) {
                                return appliedJwts.containsKey(account);
                            }
                        })
                .registerAll(server.system().requests());
    }

    /**
     * A pushed account JWT was stored: applied to the running account as nats-server's
     * {@code updateAccountWithClaimJWT} does (limits, permissions, exports, imports, revocations; connected clients
     * re-checked), unless it is not signed by a trusted key or fails validation (then, as nats-server, it stays
     * stored but the account keeps its claims).
     */
    private void claimsUpdated(String account) {
        synchronized (reloading) {
            OperatorTrust current = operatorTrust;
            String jwt = jwtDirectory.get(account);
            if (current == null || jwt == null) {
                return;
            }
            if (!current.accepts(jwt)) {
                throw new IllegalArgumentException("the account JWT is not signed by a trusted operator key");
            }
            Map<String, String> next = new LinkedHashMap<>(appliedJwts);
            next.put(account, jwt);
            applyAccountJwts(next);
        }
    }

    /**
     * The accounts {@code nats-server} would hold at this point: the system account, those a login looked up, and
     * (transitively) the accounts their imports name.
     */
    private java.util.Set<String> accountsInUse() {
        OperatorTrust trust = operatorTrust;
        java.util.Set<String> inUse = new java.util.HashSet<>();
        java.util.ArrayDeque<String> next = new java.util.ArrayDeque<>(lookedUpAccounts);
        if (trust.systemAccount() != null) {
            next.add(trust.systemAccount());
        }
        while (!next.isEmpty()) {
            String key = next.poll();
            if (!inUse.add(key)) {
                continue;
            }
            var account = trust.accounts().get(key);
            if (account != null) {
                account.imports().forEach(i -> next.add(i.account()));
            }
        }
        return inUse;
    }

    /**
     * A claims push with {@code resolver: MEMORY}: applied to the running account as nats-server's
     * {@code updateAccountWithClaimJWT} (not stored: a restart goes back to the configuration).
     *
     * @throws IllegalArgumentException {@code account validation failed} for a JWT not signed by a trusted key or
     *                                  with blocking validation issues
     */
    private void memoryClaimsPushed(String account, String jwt) {
        synchronized (reloading) {
            OperatorTrust current = operatorTrust;
            if (current == null || jwt.equals(appliedJwts.get(account))) {
                return;
            }
            if (!current.accepts(jwt)) {
                throw new IllegalArgumentException("account validation failed");
            }
            Map<String, String> next = new LinkedHashMap<>(appliedJwts);
            next.put(account, jwt);
            applyAccountJwts(next);
        }
    }

    /** An account JWT was deleted: the account goes, its clients are closed ({@code Account Authentication Expired}). */
    private void claimsDeleted(String account) {
        synchronized (reloading) {
            if (!appliedJwts.containsKey(account)) {
                return;
            }
            Map<String, String> next = new LinkedHashMap<>(appliedJwts);
            next.remove(account);
            applyAccountJwts(next);
        }
    }

    private void applyAccountJwts(Map<String, String> jwts) {
        BrokerOptions o = options;
        OperatorConfig operator = o.operator();
        OperatorTrust trust = track(new OperatorTrust(operator.operatorJwts(), operator.systemAccount(), jwts));
        server.reloadAuthentication(
                AccountTranslation.authenticator(o, trust), AccountTranslation.accountSpecs(o, trust));
        this.operatorTrust = trust;
        this.appliedJwts = Map.copyOf(jwts);
        scheduleActivationExpiry();
    }

    private static final System.Logger LOG = System.getLogger(NatsBroker.class.getName());

    /** The options this broker was created with, or those of its last successful {@link #reload}. */
    public BrokerOptions options() {
        return options;
    }

    /**
     * Applies new options to the running broker without restarting it, as {@code nats-server} reloads its
     * configuration file on {@code SIGHUP}. Reloadable: users, passwords, tokens, NKey users, permissions,
     * {@code authorization { timeout }}, accounts' users and whole accounts added or removed, TLS (certificate,
     * key, CA and the other {@code tls} settings; new handshakes use them, established connections keep theirs),
     * {@code max_payload}, {@code max_control_line}, {@code max_connections}, {@code ping_interval},
     * {@code ping_max}, {@code write_deadline} (for new connections; a lower {@code max_connections} closes the
     * newest connections beyond it). Connected clients are re-checked against the new authentication: one whose
     * user was removed or moved to another account is disconnected; one whose credentials no longer pass gets
     * {@code -ERR 'Authorization Violation'} and is disconnected; the others keep their connection, take the new
     * permissions and lose, each with a {@code -ERR 'Permissions Violation for Subscription to ...'}, the
     * subscriptions these forbid.
     *
     * <p>Everything else is not reloadable and refused with {@code nats-server}'s error text (for example {@code
     * config reload not supported for Port: old=4222, new=4223}); then nothing changes and the broker keeps
     * running with its previous options.
     *
     * @throws IllegalArgumentException a setting that can not be reloaded, inconsistent authentication or accounts,
     *                                  or TLS material that can not be used (the message names it)
     * @throws IllegalStateException    when the broker is not running
     */
    public void reload(BrokerOptions newOptions) {
        synchronized (reloading) {
            if (!server.isRunning()) {
                throw new IllegalStateException("the broker is not running");
            }
            ReloadCheck.refuseUnsupported(options, newOptions, server.boundPort());
            if (!java.util.Objects.equals(resolverOf(options), resolverOf(newOptions))) {
                throw new IllegalArgumentException(
                        "config reload not supported for the account resolver (restart the" + " broker to change it)");
            }
            if (jwtDirectory != null) {
                try {
                    jwtDirectory.reread();
                } catch (java.io.UncheckedIOException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                ClaimsRequests.logProblems(jwtDirectory);
            }
            OperatorTrust trust = operatorTrust(newOptions);
            Authenticator authenticator = AccountTranslation.authenticator(newOptions, trust);
            ClientTls clientTls = TlsTranslation.clientTls(newOptions);
            WebSocketConfig ws = newOptions.webSocket();
            if (ws != null) {
                server.reloadWebSocket(
                        AccountTranslation.webSocketAuthenticator(newOptions, trust),
                        ws.tls() == null ? null : new ClientTls(TlsTranslation.tlsSettings(ws.tls())));
            }
            server.reload(new ServerReload(
                    ListenerTranslation.settings(newOptions),
                    authenticator,
                    AccountTranslation.accountSpecs(newOptions, trust),
                    clientTls));
            this.options = newOptions;
            this.operatorTrust = trust;
            scheduleActivationExpiry();
        }
    }

    private static AccountResolverConfig resolverOf(BrokerOptions o) {
        return o.operator() == null ? null : o.operator().resolver();
    }

    /**
     * Where {@code $SYS.REQ.SERVER.<id>.RELOAD} takes the new options from (the standalone broker re-reads its
     * configuration file, as on {@code SIGHUP}); without a source that request is answered with {@code nats-server}'s
     * error for a server started without a configuration file. A failing source or reload is answered with its
     * message.
     *
     * @return this broker
     */
    public NatsBroker reloadSource(java.util.function.Supplier<BrokerOptions> source) {
        server.reloadAction(() -> reload(source.get()));
        return this;
    }

    /**
     * Binds the listening socket and begins accepting clients; does nothing when already running.
     *
     * @return this broker
     * @throws BrokerStartException naming the address or part that failed (port in use, JetStream store…)
     */
    public NatsBroker start() {
        try {
            server.start();
        } catch (ServerStartException e) {
            throw new BrokerStartException(e.getMessage(), e.getCause());
        }
        registerClaimsRequests();
        scheduleActivationExpiry();
        return this;
    }

    /** Arms the timer for the next activation token of an applied JWT import to expire. */
    private void scheduleActivationExpiry() {
        OperatorTrust trust = operatorTrust;
        long next = trust == null
                ? 0
                : JwtAccountSpecs.nextActivationExpiry(
                        trust, java.time.Instant.now().getEpochSecond());
        activationExpiry.schedule(next, this::activationExpired);
    }

    /**
     * An activation token expired: as {@code nats-server} invalidates the import at that moment, the accounts are
     * re-derived from the JWTs (the import is left out, the private export closed to it) and reloaded.
     */
    private void activationExpired() {
        synchronized (reloading) {
            OperatorTrust trust = operatorTrust;
            if (trust == null || !server.isRunning()) {
                return;
            }
            try {
                server.reloadAccounts(JwtAccountSpecs.of(trust));
            } catch (RuntimeException e) {
                System.getLogger(NatsBroker.class.getName())
                        .log(System.Logger.Level.ERROR, "Could not stop the import of an expired activation: " + e);
            }
        }
        scheduleActivationExpiry();
    }

    /**
     * The bound WebSocket port (the chosen one when the options asked for port 0).
     *
     * @throws IllegalStateException when the broker is not running or has no WebSocket listener
     */
    public int webSocketPort() {
        int port = server.webSocketPort();
        if (port < 0) {
            throw new IllegalStateException(
                    options.webSocket() == null ? "no websocket listener configured" : "broker not started");
        }
        return port;
    }

    /**
     * The bound client port (the chosen one when the options asked for port 0).
     *
     * @throws IllegalStateException when the broker is not running
     */
    public int port() {
        int port = server.boundPort();
        if (port < 0) {
            throw new IllegalStateException("broker not started");
        }
        return port;
    }

    /** {@code nats://127.0.0.1:port} for clients on this machine. */
    public String clientUrl() {
        return "nats://127.0.0.1:" + port();
    }

    /** The bound monitoring port, or -1 when monitoring is off or the broker is not running. */
    public int httpPort() {
        return server.httpPort();
    }

    /**
     * The TLS engine serving the client port: {@code "OPENSSL"} (BoringSSL from {@code netty-tcnative}) or
     * {@code "JDK"}; {@code null} without TLS.
     */
    public String tlsEngine() {
        return server.tlsEngine();
    }

    /** Whether the broker is started and not yet closed. */
    public boolean isRunning() {
        return server.isRunning();
    }

    /** The server id announced to clients, {@code null} before the first start. */
    public String serverId() {
        return server.serverId();
    }

    /** The server name announced to clients (the id unless configured), {@code null} before the first start. */
    public String serverName() {
        return server.serverName();
    }

    /** Client connections currently open. */
    public int connectionCount() {
        return server.connectionCount();
    }

    /** Subscriptions currently registered, clients' and the broker's own. */
    public int subscriptionCount() {
        return server.subscriptionCount();
    }

    /**
     * Stops gracefully and waits for it: stops accepting connections and reading clients' input, lets JetStream
     * store and acknowledge every message it accepted (the PubAcks reach the clients), flushes and closes every
     * connection, syncs and closes the stores, releases threads. Bounded (a few seconds for the clients, 10 s per
     * stream for its queue). Ends a {@linkplain #enterLameDuckMode() lame-duck mode} in progress. Does nothing when
     * not running.
     */
    @Override
    public void close() {
        activationExpiry.close();
        server.close();
    }

    /**
     * Enters lame-duck mode, as {@code nats-server} on {@code SIGUSR2}: stops accepting connections, shuts
     * JetStream down after it acknowledged what it accepted, sends every client an INFO with {@code "ldm":true}
     * (clients such as jnats then reconnect to another server of their list), waits {@link
     * BrokerOptions#lameDuckGracePeriod()}, closes the clients spread over the rest of {@link
     * BrokerOptions#lameDuckDuration()} (at most one second apart), then stops as {@link #close()}. Returns at
     * once; a second call returns the same future. Stops early once every client has gone.
     *
     * @return completes when the broker has stopped
     */
    public java.util.concurrent.CompletableFuture<Void> enterLameDuckMode() {
        BrokerOptions o = options;
        return server.enterLameDuckMode(o.lameDuckDuration(), o.lameDuckGracePeriod());
    }

    /** Whether lame-duck mode is in progress. */
    public boolean isInLameDuckMode() {
        return server.inLameDuckMode();
    }

    /** Completes when the broker has stopped, by {@link #close()} or at the end of lame-duck mode. */
    public java.util.concurrent.CompletableFuture<Void> terminated() {
        return server.terminated();
    }
}
