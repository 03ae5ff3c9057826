package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.boot.autoconfigure.NatsBrokerLeafProperties;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.LeafNodeConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.StringUtils;

/**
 * Turns {@code nats.broker.leaf.*} into the broker's {@link LeafNodeConfig}: remotes (the broker as a leaf of a hub)
 * and the leaf-node port with its authorization (the broker as a hub). Settings the broker can not honour yet fail
 * startup naming the property, never ignored.
 */
final class EmbeddedBrokerLeafOptions {

    static final String PREFIX = "nats.broker.leaf.";

    /** The wording of a setting this broker build has no support for (tested, and documented). */
    static final String NOT_SUPPORTED = "is not supported by this broker build";

    private EmbeddedBrokerLeafOptions() {}

    /**
     * Adds the leaf-node block to {@code b} when {@code leaf} configures remotes or a port.
     *
     * @param fileHasLeafNodes whether {@code nats.broker.config-file} already has a leafnodes block
     * @throws EmbeddedBrokerConfigurationException naming the property that is wrong
     */
    static void apply(
            NatsBrokerLeafProperties leaf, boolean fileHasLeafNodes, String configFile, BrokerOptions.Builder b) {
        apply(leaf, fileHasLeafNodes, configFile, b, null);
    }

    /** As above; {@code sslBundles} resolves {@code nats.broker.leaf.remotes[n].ssl.bundle}. */
    static void apply(
            NatsBrokerLeafProperties leaf,
            boolean fileHasLeafNodes,
            String configFile,
            BrokerOptions.Builder b,
            SslBundles sslBundles) {
        boolean listens = leaf.getListen().getPort() != null;
        if (leaf.getRemotes().isEmpty() && !listens) {
            if (hasAuthorization(leaf.getAuthorization())) {
                throw new EmbeddedBrokerConfigurationException(
                        PREFIX + "authorization",
                        PREFIX + "authorization is set but there is no leaf-node port: set " + PREFIX
                                + "listen.port (0 picks a free one)",
                        null);
            }
            return;
        }
        if (fileHasLeafNodes) {
            String property = listens ? PREFIX + "listen.port" : PREFIX + "remotes";
            throw new EmbeddedBrokerConfigurationException(
                    property,
                    property + " can not be combined with the leafnodes block of "
                            + EmbeddedBrokerOptionsFactory.CONFIG_FILE + "=" + configFile
                            + ": configure leaf nodes in one place",
                    null);
        }
        List<LeafNodeConfig.Remote> remotes = new ArrayList<>();
        for (int i = 0; i < leaf.getRemotes().size(); i++) {
            remotes.add(remote(PREFIX + "remotes[" + i + "]", leaf.getRemotes().get(i), sslBundles));
        }
        int port = listens ? leaf.getListen().getPort() : LeafNodeConfig.NO_PORT;
        if (listens && (port < 0 || port > 65535)) {
            throw new EmbeddedBrokerConfigurationException(
                    PREFIX + "listen.port", PREFIX + "listen.port must be 0 to 65535, was " + port, null);
        }
        if (leaf.getReconnectDelay() == null
                || leaf.getReconnectDelay().isNegative()
                || leaf.getReconnectDelay().isZero()) {
            throw new EmbeddedBrokerConfigurationException(
                    PREFIX + "reconnect-delay",
                    PREFIX + "reconnect-delay must be a positive duration, was " + leaf.getReconnectDelay(),
                    null);
        }
        b.leafNodes(new LeafNodeConfig(
                StringUtils.hasText(leaf.getListen().getHost())
                        ? leaf.getListen().getHost()
                        : null,
                port,
                authorization(leaf.getAuthorization(), listens),
                remotes,
                leaf.getReconnectDelay()));
    }

    private static LeafNodeConfig.Remote remote(
            String path, NatsBrokerLeafProperties.Remote remote, SslBundles sslBundles) {
        List<String> given = new ArrayList<>();
        if (StringUtils.hasText(remote.getUrl())) {
            given.add(remote.getUrl().trim());
        }
        remote.getUrls().stream().filter(StringUtils::hasText).map(String::trim).forEach(given::add);
        if (given.isEmpty()) {
            throw new EmbeddedBrokerConfigurationException(
                    path + ".url",
                    path + ".url (or " + path + ".urls) is required: the hub's leaf-node URL, e.g."
                            + " nats-leaf://hub.example.com:7422",
                    null);
        }
        List<URI> urls = new ArrayList<>();
        for (String u : given) {
            urls.add(url(path, u));
        }
        return new LeafNodeConfig.Remote(
                urls,
                StringUtils.hasText(remote.getAccount()) ? remote.getAccount() : null,
                credentials(path, remote.getCredentials()),
                remote.getDenyImports(),
                remote.getDenyExports(),
                tls(path + ".ssl", remote.getSsl(), sslBundles),
                null);
    }

    /**
     * The link's TLS from {@code ssl.bundle}: the bundle's trust store checks the hub, its key store (if any) is the
     * client certificate, its enabled protocols and ciphers are used; {@code null} without a bundle (the link still
     * upgrades with the JVM's default trust when the hub's INFO asks for TLS).
     */
    private static LeafNodeConfig.RemoteTls tls(String path, NatsBrokerLeafProperties.Ssl ssl, SslBundles bundles) {
        if (!StringUtils.hasText(ssl.getBundle())) {
            if (ssl.isHandshakeFirst() || ssl.getHandshakeTimeout() != null || !ssl.isVerifyHostname()) {
                throw new EmbeddedBrokerConfigurationException(
                        path + ".bundle",
                        path + ".bundle is required with " + path + ".handshake-first, .handshake-timeout or"
                                + " .verify-hostname: name an SSL bundle (spring.ssl.bundle.*)",
                        null);
            }
            return null;
        }
        String name = ssl.getBundle().trim();
        SslBundle bundle;
        try {
            if (bundles == null) {
                throw new NoSuchSslBundleException(
                        name,
                        "SSL bundle '" + name + "' not found: no SSL bundles are configured (spring.ssl.bundle.*)");
            }
            bundle = bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new EmbeddedBrokerConfigurationException(path + ".bundle", path + ".bundle: " + e.getMessage(), e);
        }
        Duration timeout = ssl.getHandshakeTimeout();
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new EmbeddedBrokerConfigurationException(
                    path + ".handshake-timeout",
                    path + ".handshake-timeout must be a positive duration, was " + timeout,
                    null);
        }
        SslOptions options = bundle.getOptions();
        return LeafNodeConfig.RemoteTls.ofManagers(
                bundle.getStores().getKeyStore() == null
                        ? null
                        : bundle.getManagers().getKeyManagerFactory(),
                bundle.getStores().getTrustStore() == null
                        ? null
                        : bundle.getManagers().getTrustManagerFactory(),
                ssl.isVerifyHostname(),
                timeout,
                ssl.isHandshakeFirst(),
                options.getEnabledProtocols() == null ? List.of() : List.of(options.getEnabledProtocols()),
                options.getCiphers() == null ? List.of() : List.of(options.getCiphers()));
    }

    /** The {@code .creds} file of {@code credentials}; {@code null} when unset. */
    private static Path credentials(String path, String credentials) {
        if (!StringUtils.hasText(credentials)) {
            return null;
        }
        Path file = Path.of(credentials.trim());
        if (!Files.isReadable(file)) {
            throw new EmbeddedBrokerConfigurationException(
                    path + ".credentials",
                    path + ".credentials: the file " + file.toAbsolutePath() + " can not be read",
                    null);
        }
        return file;
    }

    private static URI url(String path, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new EmbeddedBrokerConfigurationException(
                    path + ".url", path + ".url: '" + value + "' is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("wss") || scheme.equals("ws")) {
            throw unsupported(path + ".url", "a " + scheme + ":// leaf link ('" + value + "')");
        }
        if (!scheme.equals("nats-leaf") && !scheme.equals("nats") && !scheme.equals("tls")) {
            throw new EmbeddedBrokerConfigurationException(
                    path + ".url",
                    path + ".url: '" + value + "' must be nats-leaf://host:port (or nats://, tls://host:port)",
                    null);
        }
        if (uri.getHost() == null) {
            throw new EmbeddedBrokerConfigurationException(
                    path + ".url", path + ".url: '" + value + "' has no host", null);
        }
        return uri;
    }

    private static LeafNodeConfig.Authorization authorization(
            NatsBrokerLeafProperties.Authorization a, boolean listens) {
        if (!hasAuthorization(a)) {
            return null;
        }
        if (!listens) {
            throw new EmbeddedBrokerConfigurationException(
                    PREFIX + "authorization",
                    PREFIX + "authorization is set but there is no leaf-node port: set " + PREFIX
                            + "listen.port (0 picks a free one)",
                    null);
        }
        if (StringUtils.hasText(a.getUser()) && !a.getUsers().isEmpty()) {
            throw new EmbeddedBrokerConfigurationException(
                    PREFIX + "authorization.users",
                    PREFIX + "authorization: set user/password or users, not both (as nats-server)",
                    null);
        }
        List<LeafNodeConfig.User> users = new ArrayList<>();
        for (int i = 0; i < a.getUsers().size(); i++) {
            NatsBrokerLeafProperties.User u = a.getUsers().get(i);
            if (!StringUtils.hasText(u.getUser())) {
                throw new EmbeddedBrokerConfigurationException(
                        PREFIX + "authorization.users[" + i + "].user",
                        PREFIX + "authorization.users[" + i + "].user is required",
                        null);
            }
            users.add(new LeafNodeConfig.User(
                    u.getUser(), u.getPassword(), StringUtils.hasText(u.getAccount()) ? u.getAccount() : null));
        }
        return new LeafNodeConfig.Authorization(
                StringUtils.hasText(a.getUser()) ? a.getUser() : null,
                a.getPassword(),
                users,
                a.getTimeout(),
                StringUtils.hasText(a.getAccount()) ? a.getAccount() : null);
    }

    private static boolean hasAuthorization(NatsBrokerLeafProperties.Authorization a) {
        return StringUtils.hasText(a.getUser())
                || a.getPassword() != null
                || !a.getUsers().isEmpty()
                || StringUtils.hasText(a.getAccount())
                || a.getTimeout() != null;
    }

    /** A setting this broker build can not honour: startup fails rather than ignoring it. */
    static EmbeddedBrokerConfigurationException unsupported(String property, String what) {
        return new EmbeddedBrokerConfigurationException(
                property,
                property + ": " + what + " " + NOT_SUPPORTED + "; remove " + property
                        + " (it would otherwise be ignored)",
                null);
    }
}
