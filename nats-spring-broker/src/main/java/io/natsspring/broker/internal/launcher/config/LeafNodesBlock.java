package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.LeafNodeConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code leafnodes { listen, host, port, tls, authorization { user, password, nkey, users, timeout, account },
 * remotes: [ { url, urls, account, credentials, nkey, tls, deny_imports, deny_exports } ], reconnect }} as {@code
 * nats-server} does. A {@code nats-server} setting not supported yet ({@code compression}, {@code hub}, ...) is an error
 * naming the key and line, never ignored: a leaf link without the TLS or the credentials its file asks for would be
 * a different link.
 */
final class LeafNodesBlock {

    private static final String BLOCK = "leafnodes";
    private static final Set<String> NOT_SUPPORTED_YET = Set.of(
            "leafnode_advertise",
            "advertise",
            "no_advertise",
            "min_version",
            "minimum_version",
            "compression",
            "isolate_leafnode_interest",
            "isolate",
            "write_deadline",
            "write_timeout",
            "dial_timeout");
    private static final Set<String> REMOTE_NOT_SUPPORTED_YET = Set.of(
            "hub",
            "no_randomize",
            "dont_randomize",
            "ws_compress",
            "ws_compression",
            "websocket_compress",
            "websocket_compression",
            "ws_no_masking",
            "websocket_no_masking",
            "jetstream_cluster_migrate",
            "js_cluster_migrate",
            "isolate_leafnode_interest",
            "isolate",
            "request_isolation",
            "compression",
            "first_info_timeout",
            "dial_timeout",
            "proxy",
            "ignore_discovered_servers");
    private static final Set<String> AUTH_NOT_SUPPORTED_YET = Set.of("proxy_required");
    /**
     * Settings of an outbound {@code tls} block (a leaf remote's, {@code resolver_tls}) that nats-server accepts but
     * this broker does not support yet.
     */
    static final Set<String> REMOTE_TLS_NOT_SUPPORTED_YET = Set.of(
            "cipher_suites",
            "curve_preferences",
            "min_version",
            "pinned_certs",
            "certs",
            "certificates",
            "cert_store",
            "cert_match_by",
            "cert_match",
            "ca_certs_match",
            "cert_match_skip_invalid",
            "ocsp_peer",
            "verify_and_map",
            "verify_cert_and_check_known_urls",
            "allow_insecure_cipher_suites",
            "connection_rate_limit");
    /** nats-server's default leaf-node reconnect interval. */
    static final Duration DEFAULT_RECONNECT = Duration.ofSeconds(1);
    /** nats-server's default leaf-node port, for remote URLs without one. */
    static final int DEFAULT_PORT = 7422;

    private LeafNodesBlock() {}

    static LeafNodeConfig read(ConfigEntry leafnodes) {
        return read(leafnodes, new ArrayList<>());
    }

    static LeafNodeConfig read(ConfigEntry leafnodes, List<ConfigWarning> warnings) {
        io.natsspring.broker.TlsConfig tls = null;
        String host = null;
        int port = LeafNodeConfig.NO_PORT;
        LeafNodeConfig.Authorization auth = null;
        List<LeafNodeConfig.Remote> remotes = List.of();
        Duration reconnect = DEFAULT_RECONNECT;
        for (ConfigEntry e : EntryValues.block(leafnodes).entries()) {
            if (e.variable()) {
                continue;
            }
            String name = EntryValues.name(e);
            switch (name) {
                case "listen" -> {
                    HostPort hp = HostPort.of(e);
                    if (hp.host() != null) {
                        host = hp.host();
                    }
                    port = port(e, hp.port());
                }
                case "port" -> port = port(e, EntryValues.integer(e));
                case "host", "net" -> host = EntryValues.string(e);
                case "authorization" -> auth = authorization(e);
                case "remotes" -> remotes = remotes(e);
                case "tls" -> tls = TlsBlock.read(e, false, warnings);
                case "reconnect", "reconnect_delay", "reconnect_interval" ->
                    reconnect = EntryValues.positiveDuration(e);
                default -> throw unsupported(e, name, NOT_SUPPORTED_YET, BLOCK);
            }
        }
        return new LeafNodeConfig(host, port, auth, remotes, reconnect, tls);
    }

    /** nats-server: port 0 is no leaf-node listener, -1 a random port. */
    private static int port(ConfigEntry e, long port) {
        if (port == -1) {
            return 0;
        }
        int p = EntryValues.checkPort(e, port);
        return p == 0 ? LeafNodeConfig.NO_PORT : p;
    }

    private static ConfigException unsupported(ConfigEntry e, String name, Set<String> notYet, String block) {
        if (notYet.contains(name)) {
            return new ConfigException(
                    e.location(),
                    "'" + e.key() + "' in " + block
                            + " is a nats-server setting that nats-spring-broker does not support yet");
        }
        return SettingProblems.unknown(e, block);
    }

    private static LeafNodeConfig.Authorization authorization(ConfigEntry a) {
        String block = BLOCK + " authorization";
        String user = null;
        String password = null;
        List<LeafNodeConfig.User> users = List.of();
        Duration timeout = null;
        String account = null;
        String nkey = null;
        for (ConfigEntry e : EntryValues.block(a).entries()) {
            if (e.variable()) {
                continue;
            }
            String name = EntryValues.name(e);
            switch (name) {
                case "user", "username" -> user = EntryValues.string(e);
                case "pass", "password" -> password = EntryValues.string(e);
                case "timeout" -> timeout = EntryValues.positiveDuration(e);
                case "account" -> account = EntryValues.string(e);
                case "nkey" -> {
                    nkey = EntryValues.string(e);
                    if (!io.natsspring.broker.internal.auth.NKeyVerifier.isValidUserKey(nkey)) {
                        throw new ConfigException(e.location(), "Not a valid public nkey for leafnode authorization");
                    }
                }
                case "users" -> users = users(e);
                default -> throw unsupported(e, name, AUTH_NOT_SUPPORTED_YET, block);
            }
        }
        if (!users.isEmpty() && user != null) {
            throw new ConfigException(a.location(), "can not have a single user/pass and a users array");
        }
        return new LeafNodeConfig.Authorization(user, password, users, timeout, account, nkey);
    }

    private static List<LeafNodeConfig.User> users(ConfigEntry e) {
        List<LeafNodeConfig.User> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigMap m : EntryValues.blocks(e)) {
            String user = null;
            String password = null;
            String account = null;
            for (ConfigEntry u : m.entries()) {
                String name = EntryValues.name(u);
                switch (name) {
                    case "user", "username" -> user = EntryValues.string(u);
                    case "pass", "password" -> password = EntryValues.string(u);
                    case "account" -> account = EntryValues.string(u);
                    default -> throw unsupported(u, name, Set.of("proxy_required"), BLOCK + " authorization users");
                }
            }
            if (user == null) {
                throw new ConfigException(m.location(), "a leafnode authorization user needs a 'user'");
            }
            if (!names.add(user)) {
                throw new ConfigException(
                        m.location(), "duplicate user \"" + user + "\" detected in leafnode authorization");
            }
            users.add(new LeafNodeConfig.User(user, password, account));
        }
        return users;
    }

    private static List<LeafNodeConfig.Remote> remotes(ConfigEntry e) {
        if (!(e.value() instanceof ConfigList)) {
            throw EntryValues.invalid(
                    e, "Expected remotes field to be an array, got " + e.value().describe());
        }
        List<LeafNodeConfig.Remote> remotes = new ArrayList<>();
        for (ConfigMap m : EntryValues.blocks(e)) {
            List<URI> urls = new ArrayList<>();
            String account = null;
            List<String> denyImports = List.of();
            List<String> denyExports = List.of();
            java.nio.file.Path credentials = null;
            String seed = null;
            LeafNodeConfig.RemoteTls tls = null;
            for (ConfigEntry r : m.entries()) {
                if (r.variable()) {
                    continue;
                }
                String name = EntryValues.name(r);
                switch (name) {
                    case "url", "urls" -> {
                        for (String s : EntryValues.strings(r)) {
                            urls.add(url(r, s));
                        }
                    }
                    case "account", "local" -> account = EntryValues.string(r);
                    case "deny_imports", "deny_import" -> denyImports = subjects(r);
                    case "deny_exports", "deny_export" -> denyExports = subjects(r);
                    case "creds", "credentials" -> {
                        if (seed != null) {
                            throw new ConfigException(
                                    r.location(), "Remote leafnode can not have both creds and nkey defined");
                        }
                        credentials = credentials(r);
                    }
                    case "nkey", "seed" -> {
                        String v = EntryValues.string(r);
                        if (!io.natsspring.broker.internal.auth.NKeySeed.isValidUserSeed(v)) {
                            throw new ConfigException(
                                    r.location(), "Remote leafnode nkey is not a valid seed: \"" + v + "\"");
                        }
                        if (credentials != null) {
                            throw new ConfigException(
                                    r.location(), "Remote leafnode can not have both creds and nkey defined");
                        }
                        seed = v;
                    }
                    case "tls" -> tls = remoteTls(r);
                    case "disabled" -> {
                        if (EntryValues.bool(r)) {
                            throw new ConfigException(
                                    r.location(),
                                    "'disabled' in leafnodes remotes is a nats-server setting that"
                                            + " nats-spring-broker does not support yet");
                        }
                    }
                    default -> throw unsupported(r, name, REMOTE_NOT_SUPPORTED_YET, BLOCK + " remotes");
                }
            }
            if (urls.isEmpty()) {
                throw new ConfigException(m.location(), "a leafnode remote needs a 'url' or 'urls'");
            }
            remotes.add(new LeafNodeConfig.Remote(urls, account, credentials, denyImports, denyExports, tls, seed));
        }
        return remotes;
    }

    /** A remote's credentials file: it must be readable and hold a user JWT and a user seed. */
    private static java.nio.file.Path credentials(ConfigEntry r) {
        java.nio.file.Path p = java.nio.file.Path.of(EntryValues.string(r));
        try {
            io.natsspring.broker.internal.auth.NKeySeed.readCreds(p);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(r.location(), "invalid value for '" + r.key() + "': " + ex.getMessage(), ex);
        }
        return p;
    }

    /**
     * A remote's {@code tls { cert_file, key_file, ca_file, insecure, timeout, handshake_first, verify }}: this broker
     * is the TLS client ({@code verify}, meaningless for a client, is accepted as nats-server does).
     */
    private static LeafNodeConfig.RemoteTls remoteTls(ConfigEntry tls) {
        String block = BLOCK + " remotes tls";
        java.nio.file.Path cert = null;
        java.nio.file.Path key = null;
        java.nio.file.Path ca = null;
        boolean insecure = false;
        boolean first = false;
        Duration timeout = null;
        ConfigEntry at = tls;
        for (ConfigEntry e : EntryValues.block(tls).entries()) {
            if (e.variable()) {
                continue;
            }
            String name = EntryValues.name(e);
            switch (name) {
                case "cert_file" -> cert = java.nio.file.Path.of(EntryValues.string(at = e));
                case "key_file" -> key = java.nio.file.Path.of(EntryValues.string(at = e));
                case "ca_file" -> ca = java.nio.file.Path.of(EntryValues.string(at = e));
                case "insecure" -> insecure = EntryValues.bool(e);
                case "verify" -> EntryValues.bool(e);
                case "timeout" -> timeout = EntryValues.positiveDuration(e);
                case "handshake_first", "first", "immediate" -> first = EntryValues.bool(e);
                default -> throw unsupported(e, name, REMOTE_TLS_NOT_SUPPORTED_YET, block);
            }
        }
        if ((cert == null) != (key == null)) {
            throw new ConfigException(
                    at.location(), "missing '" + (cert == null ? "cert_file" : "key_file") + "' in TLS configuration");
        }
        try {
            io.natsspring.broker.internal.tls.TlsContexts.check(cert, key, ca, List.of());
        } catch (io.natsspring.broker.internal.tls.TlsSetupException ex) {
            throw new ConfigException(at.location(), "invalid value for '" + ex.key() + "': " + ex.getMessage(), ex);
        }
        return new LeafNodeConfig.RemoteTls(cert, key, ca, insecure, timeout, first);
    }

    private static List<String> subjects(ConfigEntry e) {
        List<String> subjects = EntryValues.strings(e);
        for (String s : subjects) {
            if (!io.natsspring.broker.internal.routing.Subjects.isValidSubscribeSubject(s)) {
                throw EntryValues.invalid(e, "invalid subject \"" + s + "\"");
            }
        }
        return subjects;
    }

    private static URI url(ConfigEntry e, String text) {
        String t = text.trim();
        if (!t.contains("://")) {
            t = "nats-leaf://" + t;
        }
        URI u;
        try {
            u = new URI(t);
        } catch (URISyntaxException ex) {
            throw EntryValues.invalid(e, "not a URL: \"" + text + "\"");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("ws") || scheme.equals("wss")) {
            throw new ConfigException(
                    e.value().location(),
                    "leafnode remote URL scheme '" + scheme + "' (" + text
                            + ") is not supported yet by nats-spring-broker; use nats-leaf://, nats:// or tls://");
        }
        if (!scheme.equals("nats-leaf") && !scheme.equals("nats") && !scheme.equals("tls")) {
            throw EntryValues.invalid(e, "unsupported URL scheme '" + scheme + "' in \"" + text + "\"");
        }
        if (u.getHost() == null) {
            throw EntryValues.invalid(e, "no host in \"" + text + "\"");
        }
        if (u.getPort() < 0) {
            try {
                u = new URI(u.getScheme(), u.getRawUserInfo(), u.getHost(), DEFAULT_PORT, u.getPath(), null, null);
            } catch (URISyntaxException ex) {
                throw EntryValues.invalid(e, "not a URL: \"" + text + "\"");
            }
        }
        return u;
    }
}
