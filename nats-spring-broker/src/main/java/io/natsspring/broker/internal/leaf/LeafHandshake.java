package io.natsspring.broker.internal.leaf;

import io.natsspring.broker.internal.account.Account;
import io.natsspring.broker.internal.auth.AuthResult;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.Secrets;
import java.net.URI;
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
    private volatile boolean peerJetStream;
    private volatile String nonce;
    private volatile String remoteAccount;
    private volatile String remoteDomain;

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

    boolean peerHeaders() {
        return peerHeaders;
    }

    /** The peer's JetStream domain ({@code null}: none). */
    String remoteDomain() {
        return remoteDomain;
    }

    /** The account name the peer bound this link to on its side. */
    String remoteAccount() {
        return remoteAccount;
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
            peerHeaders = info.path("headers").asBoolean(false);
            peerJetStream = info.path("jetstream").asBoolean(false);
            remoteDomain = emptyToNull(info.path("domain").asString(null));
            link.write("CONNECT " + connectJson() + "\r\n");
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
        String accountName = authorize(
                c.path("user").asString(null),
                c.path("pass").asString(null),
                c.path("auth_token").asString(null));
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
        finished = true;
        peerId = c.path("server_id").asString(null);
        peerName = c.path("name").asString(peerId);
        peerHeaders = c.path("headers").asBoolean(false);
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

    /** The account a leaf node presenting these credentials binds to, or {@code null} when refused. */
    private String authorize(String user, String pass, String token) {
        LeafSettings.Authorization auth = nodes.settings().authorization();
        String defaultAccount = auth == null || auth.account() == null ? "$G" : auth.account();
        if (auth != null && auth.required()) {
            for (LeafSettings.User u : auth.users()) {
                if (u.user().equals(user) && Secrets.matches(u.password() == null ? "" : u.password(), pass)) {
                    return u.account() == null ? defaultAccount : u.account();
                }
            }
            if (auth.user() != null
                    && auth.user().equals(user)
                    && Secrets.matches(auth.password() == null ? "" : auth.password(), pass)) {
                return defaultAccount;
            }
            return null;
        }
        Authenticator authenticator = nodes.authenticator();
        if (authenticator != null && authenticator.required()) {
            AuthResult r = authenticator.authenticate(user, pass, token);
            if (!r.ok()) {
                return null;
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
