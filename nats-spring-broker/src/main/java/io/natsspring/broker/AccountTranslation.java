package io.natsspring.broker;

import io.natsspring.broker.internal.account.AccountSpec;
import io.natsspring.broker.internal.account.JwtAccountSpecs;
import io.natsspring.broker.internal.auth.AuthNKeyUser;
import io.natsspring.broker.internal.auth.AuthUser;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.OperatorTrust;
import io.natsspring.broker.internal.auth.PermissionPatterns;
import io.natsspring.broker.internal.auth.ResponsePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The broker's public accounts, users and permissions translated into the internal authentication and accounts. */
final class AccountTranslation {

    private AccountTranslation() {}

    /**
     * The authenticator of WebSocket clients when it is not the server's, as {@code nats-server} authenticates them:
     * the {@code websocket { authorization }} override (its user or token, its {@code no_auth_user}, the server's
     * users), and certificate mapping as the WebSocket TLS block says; {@code null} to share the server's.
     */
    static Authenticator webSocketAuthenticator(BrokerOptions options, OperatorTrust trust) {
        WebSocketConfig ws = options.webSocket();
        boolean wsMap = ws.tls() != null && ws.tls().verifyAndMap();
        boolean map = options.tls() != null && options.tls().verifyAndMap();
        if (trust != null || (!ws.authOverride() && wsMap == map)) {
            return null;
        }
        List<UserConfig> allUsers = new ArrayList<>(options.users());
        options.accounts().forEach(a -> allUsers.addAll(a.effectiveUsers()));
        if (!ws.authOverride()) {
            return new Authenticator(
                    options.token(),
                    options.user(),
                    options.password(),
                    authUsers(allUsers),
                    nkeyUsers(allUsers),
                    options.noAuthUser(),
                    wsMap,
                    null);
        }
        return new Authenticator(
                ws.token(),
                ws.user(),
                ws.password(),
                authUsers(allUsers),
                nkeyUsers(allUsers),
                ws.noAuthUser(),
                wsMap,
                null);
    }

    /**
     * Whether the configuration is {@code accounts { SYS: {users: [...]} }, system_account: SYS} and nothing else
     * about authentication, the case where {@code nats-server} lets anonymous clients into {@code $G}.
     */
    static boolean onlySystemAccountHasUsers(BrokerOptions o) {
        return o.accounts().size() == 1
                && o.accounts().get(0).name().equals(o.systemAccount())
                && o.noAuthUser() == null
                && (o.token() == null || o.token().isEmpty())
                && (o.user() == null || o.user().isEmpty())
                && o.users().isEmpty()
                && (o.tls() == null || !o.tls().verifyAndMap());
    }

    static Authenticator authenticator(BrokerOptions options, OperatorTrust trust) {
        List<UserConfig> allUsers = new ArrayList<>(options.users());
        options.accounts().forEach(a -> allUsers.addAll(a.effectiveUsers()));
        String noAuthUser = options.noAuthUser();
        if (onlySystemAccountHasUsers(options)) {
            // as nats-server: users given only to the system account leave $G open to anonymous clients, through
            // a generated no_auth_user of $G
            String name = "nats-" + Long.toString(new java.security.SecureRandom().nextLong() >>> 1, 36);
            allUsers.add(new UserConfig(name, name.substring(5)));
            noAuthUser = name;
        }
        TlsConfig tls = options.tls();
        return new Authenticator(
                options.token(),
                options.user(),
                options.password(),
                authUsers(allUsers),
                nkeyUsers(allUsers),
                noAuthUser,
                tls != null && tls.verifyAndMap(),
                trust);
    }

    static List<AccountSpec> accountSpecs(BrokerOptions options, OperatorTrust trust) {
        return trust != null ? JwtAccountSpecs.of(trust) : accountSpecs(options.accounts());
    }

    static List<AccountSpec> accountSpecs(List<AccountConfig> accounts) {
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
                                            e.latency().subject()),
                            e.allowTrace()))
                    .toList();
            List<AccountSpec.ImportSpec> imports =
                    a.imports().stream().map(AccountTranslation::importSpec).toList();
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
                            c.maxConnections(), c.maxSubscriptions(), c.maxPayload(), c.maxLeafNodes()),
                    a.msgTrace() == null
                            ? null
                            : new io.natsspring.broker.internal.trace.TraceDestination(
                                    a.msgTrace().dest(), a.msgTrace().sampling())));
        }
        return specs;
    }

    static AccountSpec.ImportSpec importSpec(AccountConfig.Import i) {
        String to = i.to();
        if (i.kind() == AccountConfig.Kind.STREAM
                && i.prefix() != null
                && !i.prefix().isEmpty()) {
            to = i.prefix() + "." + (to != null ? to : i.subject());
        }
        return new AccountSpec.ImportSpec(
                i.kind() == AccountConfig.Kind.SERVICE, i.account(), i.subject(), to, i.share(), i.allowTrace());
    }

    static List<AuthUser> authUsers(List<UserConfig> users) {
        return users.stream()
                .filter(u -> !u.isNkeyUser())
                .map(u -> new AuthUser(u.user(), u.password(), patterns(u.permissions())))
                .toList();
    }

    static List<AuthNKeyUser> nkeyUsers(List<UserConfig> users) {
        return users.stream()
                .filter(UserConfig::isNkeyUser)
                .map(u -> new AuthNKeyUser(u.nkey(), patterns(u.permissions())))
                .toList();
    }

    static PermissionPatterns patterns(PermissionsConfig p) {
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
