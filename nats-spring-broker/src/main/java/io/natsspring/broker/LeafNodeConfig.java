package io.natsspring.broker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code leafnodes} block: a port where {@code nats-server} leaf nodes connect to this broker (it is then their
 * hub), and remotes this broker connects to as a leaf node.
 *
 * @param host           interface of the leaf-node port ({@code null}: the client host)
 * @param port           the leaf-node port, 0 for a free one, {@code -1} for none
 * @param authorization  what a connecting leaf node must present ({@code null}: nothing)
 * @param remotes        hubs to connect to
 * @param reconnectDelay wait between connection attempts to a remote (nats-server's default 1 s)
 */
public record LeafNodeConfig(
        String host, int port, Authorization authorization, List<Remote> remotes, Duration reconnectDelay) {

    /** No leaf-node port, no remotes. */
    public static final int NO_PORT = -1;

    public LeafNodeConfig {
        remotes = List.copyOf(remotes);
        Objects.requireNonNull(reconnectDelay, "reconnectDelay");
        if (port < NO_PORT || port > 65535) {
            throw new IllegalArgumentException("leafnodes port out of range: " + port);
        }
    }

    /**
     * The {@code leafnodes { authorization { … } }} block.
     *
     * <p>As in nats-server there is no token here: without {@code user} or {@code users}, a leaf node authenticates
     * as a client does (the top-level {@code authorization}, {@code accounts}), so a token goes there.
     *
     * @param user     single user's name ({@code null}: none)
     * @param password single user's password (plain or bcrypt)
     * @param users    several users, each possibly bound to an account
     * @param timeout  how long a leaf node has to send CONNECT ({@code null}: 2 s)
     * @param account  the account leaf nodes authenticated by {@code user} (or by nothing) bind to ({@code null}:
     *                 {@code $G})
     */
    public record Authorization(String user, String password, List<User> users, Duration timeout, String account) {
        public Authorization {
            users = List.copyOf(users);
        }
    }

    /** A user of {@code leafnodes.authorization.users}; {@code account} {@code null} binds to the default. */
    public record User(String user, String password, String account) {}

    /**
     * One entry of {@code leafnodes.remotes}.
     *
     * @param urls         the hub's leaf-node URLs ({@code nats-leaf://} or {@code nats://}, user info allowed)
     * @param account      the local account the link binds to ({@code null}: {@code $G})
     * @param credentials  a {@code .creds} file ({@code null}: none)
     * @param denyImports  subjects not taken from the hub
     * @param denyExports  subjects not sent to the hub
     */
    public record Remote(
            List<URI> urls, String account, Path credentials, List<String> denyImports, List<String> denyExports) {
        public Remote {
            urls = List.copyOf(urls);
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("a leafnode remote needs at least one url");
            }
            denyImports = List.copyOf(denyImports);
            denyExports = List.copyOf(denyExports);
        }
    }
}
