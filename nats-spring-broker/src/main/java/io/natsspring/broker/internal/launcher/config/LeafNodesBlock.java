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
 * Reads {@code leafnodes { listen, host, port, authorization { user, password, users, timeout, account }, remotes:
 * [ { url, urls, account, deny_imports, deny_exports } ], reconnect }} as {@code nats-server} does. A {@code
 * nats-server} setting not supported yet ({@code tls}, {@code credentials}, {@code compression}, ...) is an error
 * naming the key and line, never ignored: a leaf link without the TLS or the credentials its file asks for would be
 * a different link.
 */
final class LeafNodesBlock {

    private static final String BLOCK = "leafnodes";
    private static final Set<String> NOT_SUPPORTED_YET = Set.of(
            "tls",
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
            "creds",
            "credentials",
            "nkey",
            "seed",
            "tls",
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
    private static final Set<String> AUTH_NOT_SUPPORTED_YET = Set.of("nkey", "proxy_required");
    /** nats-server's default leaf-node reconnect interval. */
    static final Duration DEFAULT_RECONNECT = Duration.ofSeconds(1);
    /** nats-server's default leaf-node port, for remote URLs without one. */
    static final int DEFAULT_PORT = 7422;

    private LeafNodesBlock() {}

    static LeafNodeConfig read(ConfigEntry leafnodes) {
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
                case "reconnect", "reconnect_delay", "reconnect_interval" ->
                    reconnect = EntryValues.positiveDuration(e);
                default -> throw unsupported(e, name, NOT_SUPPORTED_YET, BLOCK);
            }
        }
        return new LeafNodeConfig(host, port, auth, remotes, reconnect);
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
                case "users" -> users = users(e);
                default -> throw unsupported(e, name, AUTH_NOT_SUPPORTED_YET, block);
            }
        }
        if (!users.isEmpty() && user != null) {
            throw new ConfigException(a.location(), "can not have a single user/pass and a users array");
        }
        return new LeafNodeConfig.Authorization(user, password, users, timeout, account);
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
            remotes.add(new LeafNodeConfig.Remote(urls, account, null, denyImports, denyExports));
        }
        return remotes;
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
        if (scheme.equals("tls") || scheme.equals("ws") || scheme.equals("wss")) {
            throw new ConfigException(
                    e.value().location(),
                    "leafnode remote URL scheme '" + scheme + "' (" + text
                            + ") is not supported yet by nats-spring-broker; use nats-leaf:// or nats://");
        }
        if (!scheme.equals("nats-leaf") && !scheme.equals("nats")) {
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
