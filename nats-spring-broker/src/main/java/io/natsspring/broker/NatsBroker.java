package io.natsspring.broker;

import io.natsspring.broker.internal.account.AccountSpec;
import io.natsspring.broker.internal.auth.AuthNKeyUser;
import io.natsspring.broker.internal.auth.AuthUser;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.PermissionPatterns;
import io.natsspring.broker.internal.auth.ResponsePermission;
import io.natsspring.broker.internal.client.ConnectionLimits;
import io.natsspring.broker.internal.jetstream.JetStreamSettings;
import io.natsspring.broker.internal.server.BrokerServer;
import io.natsspring.broker.internal.server.ServerSettings;
import io.natsspring.broker.internal.server.ServerStartException;
import io.natsspring.broker.internal.tls.ClientTls;
import io.natsspring.broker.internal.tls.TlsSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private final BrokerOptions options;
    private final BrokerServer server;

    /**
     * Prepares a broker; nothing listens before {@link #start()}.
     *
     * @throws IllegalArgumentException for inconsistent authentication settings, an invalid permission pattern or
     *                                  inconsistent accounts (an import of something not exported to it...), or
     *                                  TLS material that can not be used (the message names the setting and the file)
     */
    public NatsBroker(BrokerOptions options) {
        this.options = options;
        List<UserConfig> allUsers = new ArrayList<>(options.users());
        options.accounts().forEach(a -> allUsers.addAll(a.effectiveUsers()));
        TlsConfig tls = options.tls();
        Authenticator authenticator = new Authenticator(
                options.token(),
                options.user(),
                options.password(),
                authUsers(allUsers),
                nkeyUsers(allUsers),
                options.noAuthUser(),
                tls != null && tls.verifyAndMap());
        ClientTls clientTls = tls == null ? null : new ClientTls(tlsSettings(tls));
        int httpsPort = options.httpsPort() == BrokerOptions.MONITORING_DISABLED
                ? ServerSettings.MONITORING_OFF
                : options.httpsPort();
        this.server = new BrokerServer(
                settings(options), authenticator, accountSpecs(options.accounts()), clientTls, httpsPort);
    }

    /** The options this broker was created with. */
    public BrokerOptions options() {
        return options;
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
        return this;
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

    /** Stops accepting, flushes and closes clients, releases threads. Waits up to a few seconds. */
    @Override
    public void close() {
        server.close();
    }

    private static ServerSettings settings(BrokerOptions o) {
        ConnectionLimits limits = new ConnectionLimits(
                o.maxPayload(),
                o.maxControlLine(),
                o.pingInterval(),
                o.maxPingsOut(),
                o.writeDeadline(),
                o.maxPending(),
                o.authTimeout());
        JetStreamSettings jetStream = o.jetStream()
                ? new JetStreamSettings(
                        o.storeDir(),
                        o.maxMemoryStore(),
                        o.maxFileStore(),
                        o.syncInterval(),
                        o.syncAlways(),
                        o.jetStreamRequestQueueLimit())
                : null;
        int httpPort = o.httpPort() == BrokerOptions.MONITORING_DISABLED ? ServerSettings.MONITORING_OFF : o.httpPort();
        return new ServerSettings(
                o.host(), o.port(), o.serverName(), o.maxConnections(), limits, o.authRequired(), httpPort, jetStream);
    }

    private static List<AccountSpec> accountSpecs(List<AccountConfig> accounts) {
        List<AccountSpec> specs = new ArrayList<>();
        for (AccountConfig a : accounts) {
            Set<String> users = new HashSet<>();
            a.users().forEach(u -> users.add(u.user() != null ? u.user() : u.nkey()));
            List<AccountSpec.ExportSpec> exports = a.exports().stream()
                    .map(e -> new AccountSpec.ExportSpec(
                            e.kind() == AccountConfig.Kind.SERVICE,
                            e.subject(),
                            Set.copyOf(e.accounts()),
                            AccountSpec.Responses.valueOf(e.responseType().name()),
                            e.responseThreshold(),
                            e.latency() == null
                                    ? null
                                    : new AccountSpec.Latency(
                                            e.latency().sampling(),
                                            e.latency().headers(),
                                            e.latency().subject())))
                    .toList();
            List<AccountSpec.ImportSpec> imports =
                    a.imports().stream().map(NatsBroker::importSpec).toList();
            AccountConfig.JetStreamLimits l = a.jetStream();
            AccountSpec.Limits limits = l == null
                    ? null
                    : new AccountSpec.Limits(l.maxMemory(), l.maxFile(), l.maxStreams(), l.maxConsumers());
            Map<String, List<AccountSpec.Destination>> mappings = new LinkedHashMap<>();
            a.mappings()
                    .forEach((source, destinations) -> mappings.put(
                            source,
                            destinations.stream()
                                    .map(d -> new AccountSpec.Destination(d.destination(), d.weight()))
                                    .toList()));
            AccountConfig.Limits c = a.limits();
            specs.add(new AccountSpec(
                    a.name(),
                    users,
                    exports,
                    imports,
                    limits,
                    mappings,
                    new AccountSpec.ClientLimits(
                            c.maxConnections(), c.maxSubscriptions(), c.maxPayload(), c.maxLeafNodes())));
        }
        return specs;
    }

    private static AccountSpec.ImportSpec importSpec(AccountConfig.Import i) {
        String to = i.to();
        if (i.kind() == AccountConfig.Kind.STREAM
                && i.prefix() != null
                && !i.prefix().isEmpty()) {
            to = i.prefix() + "." + (to != null ? to : i.subject());
        }
        return new AccountSpec.ImportSpec(
                i.kind() == AccountConfig.Kind.SERVICE, i.account(), i.subject(), to, i.share());
    }

    private static TlsSettings tlsSettings(TlsConfig t) {
        return new TlsSettings(
                t.certFile(),
                t.keyFile(),
                t.caFile(),
                t.keyManagerFactory(),
                t.trustManagerFactory(),
                t.verify(),
                t.verifyAndMap(),
                t.requestClientCertificate(),
                t.timeout(),
                t.handshakeFirst(),
                t.minVersion(),
                t.cipherSuites(),
                t.pinnedCerts(),
                t.allowNonTls(),
                t.engine().name(),
                t.certificates().stream()
                        .map(c -> new TlsSettings.CertificateFiles(c.certFile(), c.keyFile()))
                        .toList(),
                t.curvePreferences(),
                t.handshakeFirstFallback(),
                t.ocspMode() == null ? null : t.ocspMode().name(),
                t.ocspPeer());
    }

    private static List<AuthUser> authUsers(List<UserConfig> users) {
        return users.stream()
                .filter(u -> !u.isNkeyUser())
                .map(u -> new AuthUser(u.user(), u.password(), patterns(u.permissions())))
                .toList();
    }

    private static List<AuthNKeyUser> nkeyUsers(List<UserConfig> users) {
        return users.stream()
                .filter(UserConfig::isNkeyUser)
                .map(u -> new AuthNKeyUser(u.nkey(), patterns(u.permissions())))
                .toList();
    }

    private static PermissionPatterns patterns(PermissionsConfig p) {
        return p == null
                ? null
                : new PermissionPatterns(
                        p.publishAllow(),
                        p.publishDeny(),
                        p.subscribeAllow(),
                        p.subscribeDeny(),
                        p.allowResponses() == null
                                ? null
                                : new ResponsePermission(
                                        p.allowResponses().maxMsgs(),
                                        p.allowResponses().expires()));
    }
}
