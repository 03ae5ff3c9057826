package io.natsspring.broker.internal.leaf;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the leaf-node side of the server needs: the port leaf nodes connect to ({@code port < 0}: none), its
 * authorization, and the remotes (hubs) this server connects to as a leaf.
 */
public record LeafSettings(
        String host, int port, Authorization authorization, List<Remote> remotes, Duration reconnectDelay) {

    public LeafSettings {
        remotes = List.copyOf(remotes);
    }

    /** Whether a leaf-node port is to be opened. */
    public boolean listens() {
        return port >= 0;
    }

    /** What a connecting leaf node must present; all fields may be empty ({@code null}). */
    public record Authorization(String user, String password, List<User> users, Duration timeout, String account) {
        public Authorization {
            users = List.copyOf(users);
        }

        /** Whether anything is required at all. */
        boolean required() {
            return user != null || !users.isEmpty();
        }
    }

    /** One user of the leaf-node authorization, bound to {@code account} ({@code null}: the default account). */
    public record User(String user, String password, String account) {}

    /** A hub to connect to. */
    public record Remote(
            List<URI> urls, String account, Path credentials, List<String> denyImports, List<String> denyExports) {
        public Remote {
            urls = List.copyOf(urls);
            denyImports = List.copyOf(denyImports);
            denyExports = List.copyOf(denyExports);
        }
    }
}
