package io.natsspring.broker.internal.leaf;

import io.natsspring.broker.internal.account.Account;
import io.natsspring.broker.internal.auth.AuthResult;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.Credentials;
import io.natsspring.broker.internal.auth.NKeySeed;
import io.natsspring.broker.internal.auth.NKeyVerifier;
import io.natsspring.broker.internal.auth.Secrets;
import io.natsspring.broker.internal.tls.OutboundTls;
import io.natsspring.broker.internal.tls.PeerCertificate;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The start of a leaf-node link, as nats-server does it. Accepted: this hub sends INFO (with a nonce and {@code
 * info_on_connect}), checks the leaf's CONNECT against {@code leafnodes.authorization}, answers with the INFO carrying
 * {@code connect_info} and the bound account. Solicited: this leaf waits for the hub's INFO, sends CONNECT (user and
 * password or token from the URL), and starts once the hub's {@code connect_info} INFO arrives.
 */
final class LeafHandshake {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final System.Logger LOG = System.getLogger(LeafHandshake.class.getName());

    private final LeafNodes nodes;
    private final LeafLink link;
    private final LeafSettings.Remote remote;
    private final URI url;
    private boolean infoReceived;
    private boolean finished;
    private volatile String peerName;
    private volatile String peerId;
    private volatile boolean peerHeaders;
    /** The peer's server-to-server protocol level ({@code proto} in its INFO, {@code protocol} in its CONNECT). */
    private volatile int peerProto;

    private volatile boolean peerJetStream;
    private volatile String nonce;
    private volatile String remoteAccount;
    private volatile String remoteDomain;
    private volatile String peerUser;
    private volatile String peerVersion;

    LeafHandshake(LeafNodes nodes, LeafLink link, LeafSettings.Remote remote, URI url) {
        this.nodes = nodes;
        this.link = link;
        this.remote = remote;
        this.url = url;
    }

    boolean solicited() {
        return remote != null;
    }

    LeafSettings.Remote remote() {
        return remote;
    }

    URI url() {
        return url;
    }

    String peerName() {
        return peerName;
    }

    String peerId() {
        return peerId;
    }

    /** Whether the peer traces messages itself (protocol 3, nats-server's {@code MsgTraceProto}, or later). */
    boolean peerTraces() {
        return peerProto >= 3;
    }

    boolean peerHeaders() {
        return peerHeaders;
    }

    /** The user the accepted peer authenticated with ({@code null}: none, or a solicited link). */
    String peerUser() {
        return peerUser;
    }

    /** The version the peer presented ({@code null}: none). */
    String peerVersion() {
        return peerVersion;
    }

    /** The peer's JetStream domain ({@code null}: none). */
    String remoteDomain() {
        return remoteDomain;
    }

    /** The account name the peer bound this link to on its side. */
    String remoteAccount() {
        return remoteAccount;
    }

    /** The link as log lines name it. */
    String describe() {
        return link.describe();
    }

    long timeoutMillis() {
        return nodes.authTimeoutMillis();
    }

    /** The connection is up: a hub speaks first. */
    void active() {
        if (!solicited()) {
            nonce = Authenticator.newNonce();
            link.write("INFO " + nodes.infoJson(link.id(), nonce, false, null) + "\r\n");
        }
    }

    void loopDetected() {
        nodes.loopDetected(this);
    }

    void info(String json) {
        JsonNode info = read(json);
        if (info == null) {
            return;
        }
        if (!solicited()) {
            return; // an accepting side ignores INFO (no compression negotiation)
        }
        if (!infoReceived) {
            infoReceived = true;
            if (info.path("client_id").asLong(0) == 0 || !info.has("leafnode_urls")) {
                link.close("Wrong Port");
                nodes.wrongPort(this);
                return;
            }
            nonce = info.path("nonce").asString(null);
            peerId = info.path("server_id").asString(null);
            peerName = info.path("server_name").asString(peerId);
            peerVersion = info.path("version").asString(null);
            peerHeaders = info.path("headers").asBoolean(false);
            peerProto = info.path("proto").asInt(0);
            peerJetStream = info.path("jetstream").asBoolean(false);
            remoteDomain = emptyToNull(info.path("domain").asString(null));
            OutboundTls tls = remote.tls();
            if (tls == null && info.path("tls_required").asBoolean(false)) {
                tls = OutboundTls.defaults();
            }
            if (tls != null && !tls.handshakeFirst()) {
                int port = url.getPort() < 0 ? 7422 : url.getPort();
                tls.install(link.channel(), url.getHost(), port);
            }
            String connect;
            try {
                connect = connectJson();
            } catch (IllegalArgumentException e) {
                nodes.signFailed(this, e.getMessage());
                link.close("Authentication Failure");
                return;
            }
            link.write("CONNECT " + connect + "\r\n");
            if (!info.path("info_on_connect").asBoolean(false)) {
                finishSolicited();
            }
            return;
        }
        if (info.path("connect_info").asBoolean(false)) {
            remoteAccount = info.path("remote_account").asString(null);
            finishSolicited();
        }
    }

    private void finishSolicited() {
        if (finished) {
            return;
        }
        finished = true;
        Account account = nodes.account(remote.account());
        LeafJetStreamRules js = jetStreamRules(account);
        link.establish(
                account,
                new SubjectFilter(remote.denyExports()).plus(js.both()).plus(js.outgoing()),
                new SubjectFilter(remote.denyImports()).plus(js.both()));
    }

    /** The JetStream subjects kept off this link, from both servers' domains (see {@link LeafJetStreamRules}). */
    private LeafJetStreamRules jetStreamRules(Account account) {
        LeafJetStreamRules rules = LeafJetStreamRules.of(
                nodes.jetStream(),
                nodes.jetStreamDomain(),
                remoteDomain,
                nodes.isSystemAccount(account),
                nodes.hasSystemAccount());
        if (nodes.jetStreamDomain() != null || remoteDomain != null) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "JetStream using domains: local \""
                            + (nodes.jetStreamDomain() == null ? "" : nodes.jetStreamDomain()) + "\", remote \""
                            + (remoteDomain == null ? "" : remoteDomain) + "\"");
        }
        return rules;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private String connectJson() {
        ObjectNode c = JSON.createObjectNode();
        c.put("version", nodes.version());
        if (remote.credentials() != null) {
            NKeySeed.Creds creds = NKeySeed.readCreds(remote.credentials());
            c.put("jwt", creds.jwt());
            c.put("sig", creds.seed().sign(nonce == null ? "" : nonce));
        } else if (remote.seed() != null) {
            NKeySeed seed = NKeySeed.ofUser(remote.seed());
            c.put("nkey", seed.publicKey());
            c.put("sig", seed.sign(nonce == null ? "" : nonce));
        }
        String userInfo = url.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                c.put("user", decode(userInfo));
                c.put("auth_token", decode(userInfo));
            } else {
                c.put("user", decode(userInfo.substring(0, colon)));
                c.put("pass", decode(userInfo.substring(colon + 1)));
            }
        }
        c.put("server_id", nodes.serverId());
        c.put("name", nodes.serverName());
        c.put("headers", true);
        Account account = nodes.account(remote.account());
        if (account.jetStream() != null) {
            c.put("jetstream", true);
        }
        if (nodes.jetStreamDomain() != null) {
            c.put("domain", nodes.jetStreamDomain());
        }
        if (!remote.denyImports().isEmpty()) {
            var deny = c.putArray("deny_pub");
            remote.denyImports().forEach(deny::add);
        }
        c.put("compress_mode", "not supported");
        c.put("remote_account", account.name());
        c.put("protocol", 3);
        return c.toString();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    void connect(String json) {
        if (solicited() || finished) {
            return;
        }
        JsonNode c = read(json);
        if (c == null) {
            return;
        }
        if (c.has("lang")) {
            link.sendErr("attempted to connect to leaf node port");
            link.close("Wrong Port");
            return;
        }
        String accountName = authorize(c);
        if (accountName == null) {
            link.sendErr("Authorization Violation");
            link.close("Authentication Failure");
            nodes.authFailed(this);
            return;
        }
        Account account = nodes.account(accountName);
        if (account == null) {
            link.sendErr("Authorization Violation");
            link.close("Missing Account");
            return;
        }
        if (nodes.leafLimitReached(account)) {
            link.sendErr("maximum account active connections exceeded");
            link.close("Maximum Account Connections Exceeded");
            return;
        }
        finished = true;
        peerId = c.path("server_id").asString(null);
        peerName = c.path("name").asString(peerId);
        peerVersion = c.path("version").asString(null);
        peerUser = c.path("user").asString(null);
        peerHeaders = c.path("headers").asBoolean(false);
        peerProto = c.path("protocol").asInt(0);
        peerJetStream = c.path("jetstream").asBoolean(false);
        remoteAccount = c.path("remote_account").asString(null);
        remoteDomain = emptyToNull(c.path("domain").asString(null));
        List<String> denyPub = new ArrayList<>();
        for (JsonNode d : c.path("deny_pub")) {
            denyPub.add(d.asString());
        }
        link.write("INFO " + nodes.infoJson(link.id(), null, true, account.name()) + "\r\n");
        LeafJetStreamRules js = jetStreamRules(account);
        link.establish(
                account, new SubjectFilter(denyPub).plus(js.both()).plus(js.outgoing()), new SubjectFilter(js.both()));
    }

    /**
     * The account a leaf node presenting this CONNECT binds to, or {@code null} when refused, in nats-server's order:
     * the single {@code user} of {@code leafnodes.authorization}, else its single {@code nkey} (the hub's nonce signed),
     * else its {@code users} (by the TLS certificate with {@code verify_and_map}, else by name and password), else the
     * server's own client authentication (users, NKeys, token, operator JWTs).
     */
    private String authorize(JsonNode c) {
        String user = c.path("user").asString(null);
        String pass = c.path("pass").asString(null);
        String token = c.path("auth_token").asString(null);
        String nkey = c.path("nkey").asString(null);
        String sig = c.path("sig").asString(null);
        LeafSettings.Authorization auth = nodes.settings().authorization();
        String defaultAccount = auth == null || auth.account() == null ? "$G" : auth.account();
        if (auth != null && auth.user() != null) {
            return auth.user().equals(user) && Secrets.matches(auth.password() == null ? "" : auth.password(), pass)
                    ? defaultAccount
                    : null;
        }
        if (auth != null && auth.nkey() != null) {
            if (!auth.nkey().equals(nkey)) {
                return null;
            }
            try {
                return NKeyVerifier.ofUserKey(nkey).verifies(nonce, sig) ? defaultAccount : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (auth != null && !auth.users().isEmpty()) {
            if (nodes.mapsCertificates()) {
                X509Certificate cert = PeerCertificate.of(link.channel());
                java.util.Set<String> names = new java.util.HashSet<>();
                auth.users().forEach(u -> names.add(u.user()));
                String mapped = cert == null
                        ? null
                        : io.natsspring.broker.internal.auth.CertificateUserMapping.user(cert, names)
                                .orElse(null);
                for (LeafSettings.User u : auth.users()) {
                    if (u.user().equals(mapped)) {
                        return u.account() == null ? "$G" : u.account();
                    }
                }
                return null;
            }
            for (LeafSettings.User u : auth.users()) {
                if (u.user().equals(user)) {
                    return Secrets.matches(u.password() == null ? "" : u.password(), pass)
                            ? u.account() == null ? "$G" : u.account()
                            : null;
                }
            }
            return null;
        }
        Authenticator authenticator = nodes.authenticator();
        if (authenticator != null && authenticator.required()) {
            java.net.InetSocketAddress peer = link.remoteAddress();
            AuthResult r = authenticator.authenticate(new Credentials(
                    user,
                    pass,
                    token,
                    nkey,
                    sig,
                    nonce,
                    c.path("jwt").asString(null),
                    peer == null ? null : peer.getAddress().getHostAddress()));
            if (!r.ok() && authenticator.mapsCertificates()) {
                X509Certificate cert = PeerCertificate.of(link.channel());
                if (cert != null) {
                    r = authenticator.authenticateCertificate(cert);
                }
            }
            if (!r.ok()) {
                return null;
            }
            if (r.jwt() != null) {
                return r.jwt().account();
            }
            return nodes.accountOfUser(r.user());
        }
        return defaultAccount;
    }

    private JsonNode read(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return n;
        } catch (JacksonException | IllegalArgumentException e) {
            link.sendErr("Protocol Error");
            link.close("Protocol Violation");
            return null;
        }
    }
}
