package io.natsspring.broker.internal.leaf;

import io.natsspring.broker.internal.tls.OutboundTls;
import io.natsspring.broker.internal.tls.TlsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the leaf-node side of the server needs: the port leaf nodes connect to ({@code port < 0}: none), its
 * authorization and TLS ({@code tls} {@code null}: plain), and the remotes (hubs) this server connects to as a leaf.
 */
public record LeafSettings(
        String host,
        int port,
        Authorization authorization,
        List<Remote> remotes,
        Duration reconnectDelay,
        TlsSettings tls) {

    public LeafSettings {
        remotes = List.copyOf(remotes);
    }

    /** Without TLS on the leaf-node port. */
    public LeafSettings(
            String host, int port, Authorization authorization, List<Remote> remotes, Duration reconnectDelay) {
        this(host, port, authorization, remotes, reconnectDelay, null);
    }

    /** Whether a leaf-node port is to be opened. */
    public boolean listens() {
        return port >= 0;
    }

    /** What a connecting leaf node must present; all fields may be empty ({@code null}). */
    public record Authorization(
            String user, String password, List<User> users, Duration timeout, String account, String nkey) {
        public Authorization {
            users = List.copyOf(users);
        }

        public Authorization(String user, String password, List<User> users, Duration timeout, String account) {
            this(user, password, users, timeout, account, null);
        }

        /** Whether anything is required at all. */
        boolean required() {
            return user != null || nkey != null || !users.isEmpty();
        }
    }

    /** One user of the leaf-node authorization, bound to {@code account} ({@code null}: the default account). */
    public record User(String user, String password, String account) {}

    /**
     * A hub to connect to: {@code tls} {@code null} upgrades only when the hub's INFO requires TLS; {@code
     * credentials} (a {@code .creds} file) or {@code seed} (a user NKey seed) sign the hub's nonce.
     */
    public record Remote(
            List<URI> urls,
            String account,
            Path credentials,
            List<String> denyImports,
            List<String> denyExports,
            OutboundTls tls,
            String seed) {
        public Remote {
            urls = List.copyOf(urls);
            denyImports = List.copyOf(denyImports);
            denyExports = List.copyOf(denyExports);
        }

        public Remote(
                List<URI> urls, String account, Path credentials, List<String> denyImports, List<String> denyExports) {
            this(urls, account, credentials, denyImports, denyExports, null, null);
        }
    }
}
