package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.boot.autoconfigure.NatsBrokerProperties;
import io.natsspring.broker.AllowResponses;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.PermissionsConfig;
import io.natsspring.broker.TlsConfig;
import io.natsspring.broker.UserConfig;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.StringUtils;

/** Turns {@code nats.broker.*} into {@link BrokerOptions}. */
final class EmbeddedBrokerOptionsFactory {

    private EmbeddedBrokerOptionsFactory() {}

    /** The store directory used when {@code nats.broker.store-dir} is not set. */
    static Path defaultStoreDir(String applicationName) {
        String name = StringUtils.hasText(applicationName)
                ? applicationName.replaceAll("[^A-Za-z0-9._-]", "_")
                : "application";
        return Path.of(System.getProperty("java.io.tmpdir"), "nats-spring", name);
    }

    static BrokerOptions.Builder create(NatsBrokerProperties broker, String applicationName) {
        return create(broker, applicationName, null);
    }

    /**
     * The options of {@code nats.broker.*}; {@code sslBundles} resolves {@code nats.broker.ssl.bundle}.
     *
     * @throws IllegalStateException when {@code nats.broker.ssl.bundle} is set but no bundles are configured
     */
    static BrokerOptions.Builder create(NatsBrokerProperties broker, String applicationName, SslBundles sslBundles) {
        BrokerOptions.Builder b = BrokerOptions.builder()
                .host(broker.getHost())
                .port(broker.getPort())
                .maxPayload(Math.toIntExact(broker.getMaxPayload().toBytes()))
                .maxConnections(broker.getMaxConnections())
                .httpPort(broker.getMonitoringPort())
                .jetStream(broker.isJetstream());
        String serverName = StringUtils.hasText(broker.getServerName()) ? broker.getServerName() : applicationName;
        if (StringUtils.hasText(serverName)) {
            b.serverName(serverName);
        }
        if (broker.isJetstream()) {
            b.storeDir(broker.getStoreDir() != null ? broker.getStoreDir() : defaultStoreDir(applicationName));
            if (broker.getMaxMemoryStore() != null) {
                b.maxMemoryStore(broker.getMaxMemoryStore().toBytes());
            }
            if (broker.getMaxFileStore() != null) {
                b.maxFileStore(broker.getMaxFileStore().toBytes());
            }
        }
        if (StringUtils.hasText(broker.getToken())) {
            b.token(broker.getToken());
        }
        boolean mapped = broker.getSsl().isVerifyAndMap();
        for (int i = 0; i < broker.getUsers().size(); i++) {
            NatsBrokerProperties.User user = broker.getUsers().get(i);
            if (user.getPassword() == null && !StringUtils.hasText(user.getNkey()) && !mapped) {
                throw new IllegalStateException("nats.broker.users[" + i + "].password is required unless the user"
                        + " has an nkey or the users are named by their TLS client certificate"
                        + " (nats.broker.ssl.verify-and-map=true)");
            }
        }
        for (NatsBrokerProperties.User user : broker.getUsers()) {
            PermissionsConfig permissions = user.hasPermissions()
                    ? new PermissionsConfig(
                            user.getPublishAllow(),
                            user.getPublishDeny(),
                            user.getSubscribeAllow(),
                            user.getSubscribeDeny(),
                            user.isAllowResponses() ? AllowResponses.DEFAULT : null)
                    : null;
            b.addUser(
                    StringUtils.hasText(user.getNkey())
                            ? UserConfig.nkey(user.getNkey(), permissions)
                            : new UserConfig(user.getUsername(), user.getPassword(), permissions));
        }
        if (StringUtils.hasText(broker.getNoAuthUser())) {
            b.noAuthUser(broker.getNoAuthUser());
        }
        SslBundle bundle = sslBundle(broker, sslBundles);
        if (bundle != null) {
            b.tls(tls(broker.getSsl(), bundle));
        }
        return b;
    }

    /** The bundle named by {@code nats.broker.ssl.bundle}, or {@code null} when TLS is off. */
    static SslBundle sslBundle(NatsBrokerProperties broker, SslBundles sslBundles) {
        String name = broker.getSsl().getBundle();
        if (!StringUtils.hasText(name)) {
            return null;
        }
        if (sslBundles == null) {
            throw new IllegalStateException("nats.broker.ssl.bundle=" + name
                    + " is set but no SSL bundles are configured (spring.ssl.bundle.*)");
        }
        return sslBundles.getBundle(name);
    }

    private static TlsConfig tls(NatsBrokerProperties.Ssl ssl, SslBundle bundle) {
        boolean need = ssl.getClientAuth() == NatsBrokerProperties.ClientAuth.NEED || ssl.isVerifyAndMap();
        boolean want = ssl.getClientAuth() == NatsBrokerProperties.ClientAuth.WANT;
        TlsConfig.Builder t = TlsConfig.builder()
                .keyManagerFactory(bundle.getManagers().getKeyManagerFactory())
                .verify(need)
                .verifyAndMap(ssl.isVerifyAndMap())
                .requestClientCertificate(want)
                .handshakeFirst(ssl.isHandshakeFirst())
                .timeout(ssl.getHandshakeTimeout());
        if (need || want) {
            t.trustManagerFactory(bundle.getManagers().getTrustManagerFactory());
        }
        SslOptions options = bundle.getOptions();
        if (options.getCiphers() != null && options.getCiphers().length > 0) {
            t.cipherSuites(List.of(options.getCiphers()));
        }
        if (options.getEnabledProtocols() != null && options.getEnabledProtocols().length > 0) {
            List<String> protocols = List.of(options.getEnabledProtocols());
            if (protocols.contains("TLSv1.2")) {
                t.minVersion("1.2");
            } else if (protocols.contains("TLSv1.3")) {
                t.minVersion("1.3");
            } else {
                throw new IllegalStateException("the SSL bundle's enabled-protocols " + protocols
                        + " include neither TLSv1.2 nor TLSv1.3, the versions the broker speaks");
            }
        }
        return t.build();
    }
}
