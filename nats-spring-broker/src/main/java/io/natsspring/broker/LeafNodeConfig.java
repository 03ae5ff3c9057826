package io.natsspring.broker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The {@code leafnodes} block: a port where {@code nats-server} leaf nodes connect to this broker (it is then their
 * hub), and remotes this broker connects to as a leaf node.
 *
 * @param host           interface of the leaf-node port ({@code null}: the client host)
 * @param port           the leaf-node port, 0 for a free one, {@code -1} for none
 * @param authorization  what a connecting leaf node must present ({@code null}: nothing)
 * @param remotes        hubs to connect to
 * @param reconnectDelay wait between connection attempts to a remote (nats-server's default 1 s)
 * @param tls            TLS of the leaf-node port ({@code leafnodes { tls { … } }}): leaf nodes must upgrade after
 *                       the INFO (or start with the handshake with {@code handshake_first}); {@code verify_and_map}
 *                       maps a leaf's certificate to a user of {@code authorization.users}; {@code null}: plain
 */
public record LeafNodeConfig(
        String host,
        int port,
        Authorization authorization,
        List<Remote> remotes,
        Duration reconnectDelay,
        TlsConfig tls) {

    /** No leaf-node port, no remotes. */
    public static final int NO_PORT = -1;

    public LeafNodeConfig {
        remotes = List.copyOf(remotes);
        Objects.requireNonNull(reconnectDelay, "reconnectDelay");
        if (port < NO_PORT || port > 65535) {
            throw new IllegalArgumentException("leafnodes port out of range: " + port);
        }
    }

    /** Without TLS on the leaf-node port. */
    public LeafNodeConfig(
            String host, int port, Authorization authorization, List<Remote> remotes, Duration reconnectDelay) {
        this(host, port, authorization, remotes, reconnectDelay, null);
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
     * @param nkey     a single public user NKey a leaf node authenticates with by signing the nonce ({@code null}:
     *                 none); binds to {@code account}
     */
    public record Authorization(
            String user, String password, List<User> users, Duration timeout, String account, String nkey) {
        public Authorization {
            users = List.copyOf(users);
        }

        /** Without a single NKey. */
        public Authorization(String user, String password, List<User> users, Duration timeout, String account) {
            this(user, password, users, timeout, account, null);
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
     * @param tls          TLS of the link ({@code null}: TLS only when the hub's INFO requires it, trusting the JVM's
     *                     default CAs)
     * @param seed         a user NKey seed ({@code SU…}) that signs the hub's nonce ({@code null}: none; not with
     *                     {@code credentials})
     */
    public record Remote(
            List<URI> urls,
            String account,
            Path credentials,
            List<String> denyImports,
            List<String> denyExports,
            RemoteTls tls,
            String seed) {
        public Remote {
            if (credentials != null && seed != null) {
                throw new IllegalArgumentException("Remote leafnode can not have both creds and nkey defined");
            }
            urls = List.copyOf(urls);
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("a leafnode remote needs at least one url");
            }
            denyImports = List.copyOf(denyImports);
            denyExports = List.copyOf(denyExports);
        }

        /** Without TLS settings and without an NKey seed. */
        public Remote(
                List<URI> urls, String account, Path credentials, List<String> denyImports, List<String> denyExports) {
            this(urls, account, credentials, denyImports, denyExports, null, null);
        }
    }

    /**
     * The {@code tls} block of a remote: this broker is the TLS client of the hub. Key material comes from PEM files
     * ({@code cert_file}, {@code key_file}, {@code ca_file}) or is given programmatically as a
     * {@link KeyManagerFactory} and a {@link TrustManagerFactory} (e.g. from a Spring Boot SSL bundle) — one source
     * each, not both.
     *
     * @param certFile            PEM certificate chain presented to the hub ({@code null}: none)
     * @param keyFile             its PEM key ({@code null} with no certificate)
     * @param caFile              PEM CAs the hub's certificate must chain to ({@code null}: the trust managers, else
     *                            the JVM's default trust)
     * @param insecure            whether the hub's certificate and host name go unchecked (tests only; nats-server
     *                            warns)
     * @param timeout             handshake timeout ({@code null}: nats-server's 2 s)
     * @param handshakeFirst      whether the handshake comes before the hub's INFO (the hub must be set up alike)
     * @param keyManagerFactory   the certificate presented to the hub ({@code null}: {@code certFile}, or none)
     * @param trustManagerFactory what the hub's certificate must chain to ({@code null}: {@code caFile}, else the
     *                            JVM's default trust)
     * @param verifyHostname      whether the hub's certificate must name the URL's host (nats-server always checks
     *                            unless {@code insecure}; {@code false} keeps the chain check only)
     * @param protocols           enabled protocols ({@code null} or empty: TLS 1.3 and 1.2)
     * @param cipherSuites        enabled cipher suites ({@code null} or empty: the provider's defaults)
     */
    public record RemoteTls(
            Path certFile,
            Path keyFile,
            Path caFile,
            boolean insecure,
            Duration timeout,
            boolean handshakeFirst,
            KeyManagerFactory keyManagerFactory,
            TrustManagerFactory trustManagerFactory,
            boolean verifyHostname,
            List<String> protocols,
            List<String> cipherSuites) {
        public RemoteTls {
            if ((certFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException("a leafnode remote tls needs both cert_file and key_file");
            }
            if (certFile != null && keyManagerFactory != null) {
                throw new IllegalArgumentException(
                        "a leafnode remote tls takes cert_file/key_file or a key manager factory, not both");
            }
            if (caFile != null && trustManagerFactory != null) {
                throw new IllegalArgumentException(
                        "a leafnode remote tls takes ca_file or a trust manager factory, not both");
            }
            protocols = protocols == null ? List.of() : List.copyOf(protocols);
            cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
        }

        /** From PEM files, the host name checked unless {@code insecure}. */
        public RemoteTls(
                Path certFile, Path keyFile, Path caFile, boolean insecure, Duration timeout, boolean handshakeFirst) {
            this(certFile, keyFile, caFile, insecure, timeout, handshakeFirst, null, null, true, null, null);
        }

        /**
         * From key and trust managers given programmatically (either may be {@code null}).
         *
         * @param verifyHostname whether the hub's certificate must name the URL's host
         */
        public static RemoteTls ofManagers(
                KeyManagerFactory keyManagerFactory,
                TrustManagerFactory trustManagerFactory,
                boolean verifyHostname,
                Duration timeout,
                boolean handshakeFirst,
                List<String> protocols,
                List<String> cipherSuites) {
            return new RemoteTls(
                    null,
                    null,
                    null,
                    false,
                    timeout,
                    handshakeFirst,
                    keyManagerFactory,
                    trustManagerFactory,
                    verifyHostname,
                    protocols,
                    cipherSuites);
        }
    }
}
