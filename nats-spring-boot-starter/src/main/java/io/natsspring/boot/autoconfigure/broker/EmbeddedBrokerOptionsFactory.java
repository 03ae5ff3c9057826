package io.natsspring.boot.autoconfigure.broker;

import io.nats.client.NKey;
import io.natsspring.boot.autoconfigure.NatsBrokerAccount;
import io.natsspring.boot.autoconfigure.NatsBrokerProperties;
import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.AllowResponses;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.PermissionsConfig;
import io.natsspring.broker.TlsConfig;
import io.natsspring.broker.UserConfig;
import io.natsspring.broker.WebSocketConfig;
import io.natsspring.broker.config.ConfigFileException;
import io.natsspring.broker.config.NatsServerConfigFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StringUtils;

/** Turns {@code nats.broker.*} into {@link BrokerOptions}. */
final class EmbeddedBrokerOptionsFactory {

    private static final Log log = LogFactory.getLog(EmbeddedBrokerOptionsFactory.class);

    static final String CONFIG_FILE = "nats.broker.config-file";

    private static final String CLASSPATH = "classpath:";

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

    static BrokerOptions.Builder create(NatsBrokerProperties broker, String applicationName, SslBundles sslBundles) {
        return create(broker, applicationName, sslBundles, key -> true);
    }

    /**
     * The options of {@code nats.broker.*}; {@code sslBundles} resolves {@code nats.broker.ssl.bundle}. With
     * {@code nats.broker.config-file}, the file's options are the base and only the properties for which
     * {@code explicitlySet} is true (keys relative to {@code nats.broker.}, e.g. {@code port}) override them; users,
     * accounts, token and TLS must then come from one side only.
     *
     * @throws IllegalStateException when {@code nats.broker.ssl.bundle} is set but no bundles are configured
     * @throws EmbeddedBrokerConfigurationException when the file can not be read or conflicts with the properties
     */
    static BrokerOptions.Builder create(
            NatsBrokerProperties broker,
            String applicationName,
            SslBundles sslBundles,
            Predicate<String> explicitlySet) {
        BrokerOptions file = StringUtils.hasText(broker.getConfigFile()) ? readConfigFile(broker) : null;
        if (file != null) {
            checkOneSource(broker, file);
        }
        Predicate<String> set = file == null ? key -> true : explicitlySet;
        BrokerOptions.Builder b = file == null ? BrokerOptions.builder() : file.toBuilder();
        if (set.test("host")) {
            b.host(broker.getHost());
        }
        if (set.test("port")) {
            b.port(broker.getPort());
        }
        if (set.test("max-payload")) {
            b.maxPayload(Math.toIntExact(broker.getMaxPayload().toBytes()));
        }
        if (set.test("max-connections")) {
            b.maxConnections(broker.getMaxConnections());
        }
        if (set.test("monitoring-port")) {
            b.httpPort(broker.getMonitoringPort());
        }
        lameDuck(broker, b, set);
        boolean jetStream = file == null || set.test("jetstream") || set.test("jetstream.enabled")
                ? broker.getJetstream().isEnabled()
                : file.jetStream();
        jetStreamDomain(broker, jetStream, b);
        ingestHeapPercent(broker, jetStream, b);
        b.jetStream(jetStream);
        if (StringUtils.hasText(broker.getServerName())) {
            b.serverName(broker.getServerName());
        } else if ((file == null || file.serverName() == null) && StringUtils.hasText(applicationName)) {
            b.serverName(applicationName);
        }
        if (jetStream) {
            if (broker.getStoreDir() != null) {
                b.storeDir(broker.getStoreDir());
            } else if (file == null || file.storeDir() == null) {
                b.storeDir(defaultStoreDir(applicationName));
            }
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
            b.addUser(user("nats.broker.users[" + i + "]", broker.getUsers().get(i), mapped));
        }
        broker.getAccounts().forEach((name, account) -> b.addAccount(account(name, account, mapped)));
        if (StringUtils.hasText(broker.getNoAuthUser())) {
            b.noAuthUser(broker.getNoAuthUser());
        }
        if (StringUtils.hasText(broker.getSystemAccount())) {
            b.systemAccount(broker.getSystemAccount());
        }
        SslBundle bundle = sslBundle(broker, sslBundles);
        if (bundle != null) {
            b.tls(tls(broker.getSsl(), bundle));
        }
        webSocket(broker, file, bundle, b);
        EmbeddedBrokerLeafOptions.apply(
                broker.getLeaf(), file != null && file.leafNodes() != null, broker.getConfigFile(), b, sslBundles);
        return b;
    }

    /** {@code nats.broker.jetstream.domain}. */
    private static void jetStreamDomain(NatsBrokerProperties broker, boolean jetStream, BrokerOptions.Builder b) {
        String property = "nats.broker.jetstream.domain";
        String domain = broker.getJetstream().getDomain();
        if (!StringUtils.hasText(domain)) {
            return;
        }
        if (!jetStream) {
            throw new EmbeddedBrokerConfigurationException(
                    property, property + "=" + domain + " is set but JetStream is off", null);
        }
        try {
            b.jetStreamDomain(domain.trim());
        } catch (IllegalArgumentException e) {
            throw new EmbeddedBrokerConfigurationException(property, property + ": " + e.getMessage(), e);
        }
    }

    private static void ingestHeapPercent(NatsBrokerProperties broker, boolean jetStream, BrokerOptions.Builder b) {
        String property = "nats.broker.jetstream.ingest-heap-percent";
        Integer percent = broker.getJetstream().getIngestHeapPercent();
        if (percent == null) {
            return;
        }
        if (!jetStream) {
            throw new EmbeddedBrokerConfigurationException(
                    property, property + "=" + percent + " is set but JetStream is off", null);
        }
        try {
            b.jetStreamIngestHeapPercent(percent);
        } catch (IllegalArgumentException e) {
            throw new EmbeddedBrokerConfigurationException(property, property + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code nats.broker.websocket.*}: a WebSocket listener when a port is set, over TLS with the broker's bundle
     * unless {@code no-tls}.
     *
     * @throws EmbeddedBrokerConfigurationException naming the property that is wrong or conflicts with the file
     */
    private static void webSocket(
            NatsBrokerProperties broker, BrokerOptions file, SslBundle bundle, BrokerOptions.Builder b) {
        NatsBrokerProperties.WebSocket ws = broker.getWebsocket();
        if (ws.getPort() == null) {
            return;
        }
        String prefix = "nats.broker.websocket.";
        if (file != null && file.webSocket() != null) {
            throw new EmbeddedBrokerConfigurationException(
                    prefix + "port",
                    prefix + "port can not be combined with the websocket block of " + CONFIG_FILE + "="
                            + broker.getConfigFile() + ": configure the WebSocket listener in one place",
                    null);
        }
        if (!ws.isNoTls() && bundle == null) {
            throw new EmbeddedBrokerConfigurationException(
                    prefix + "no-tls",
                    prefix + "port is set but the WebSocket listener has no TLS (nats-server: \"websocket requires"
                            + " TLS configuration\"): set nats.broker.ssl.bundle for wss://, or " + prefix
                            + "no-tls=true for plain ws:// (not for production)",
                    null);
        }
        WebSocketConfig.Builder w;
        try {
            w = WebSocketConfig.builder()
                    .port(ws.getPort())
                    .host(StringUtils.hasText(ws.getHost()) ? ws.getHost() : broker.getHost())
                    .noTls(ws.isNoTls())
                    .sameOrigin(ws.isSameOrigin())
                    .allowedOrigins(ws.getAllowedOrigins())
                    .compression(ws.isCompression());
        } catch (IllegalArgumentException e) {
            throw new EmbeddedBrokerConfigurationException(prefix + "port", prefix + "port: " + e.getMessage(), null);
        }
        if (!ws.isNoTls()) {
            w.tls(tls(broker.getSsl(), bundle));
        }
        try {
            b.webSocket(w.build());
        } catch (IllegalArgumentException e) {
            throw new EmbeddedBrokerConfigurationException(
                    prefix + "allowed-origins", prefix + "allowed-origins: " + e.getMessage(), null);
        }
    }

    /** The options of the file of {@code nats.broker.config-file}; its warnings are logged. */
    static BrokerOptions readConfigFile(NatsBrokerProperties broker) {
        String location = broker.getConfigFile();
        Path path;
        if (location.startsWith(CLASSPATH)) {
            try {
                path = new ClassPathResource(location.substring(CLASSPATH.length()))
                        .getFile()
                        .toPath();
            } catch (IOException e) {
                throw new EmbeddedBrokerConfigurationException(
                        CONFIG_FILE,
                        CONFIG_FILE + "=" + location + " is not a file on the class path (a file is needed: its"
                                + " includes are read relative to it): " + e.getMessage(),
                        e);
            }
        } else {
            path = Path.of(location);
        }
        try {
            NatsServerConfigFile config = NatsServerConfigFile.read(path);
            config.warnings().forEach(w -> log.warn(CONFIG_FILE + ": " + w));
            return config.options();
        } catch (ConfigFileException e) {
            throw new EmbeddedBrokerConfigurationException(CONFIG_FILE, CONFIG_FILE + ": " + e.getMessage(), e);
        }
    }

    /** Users, accounts and token, and TLS, each come from the file or from the properties, never both. */
    private static void checkOneSource(NatsBrokerProperties broker, BrokerOptions file) {
        boolean fileAuth = file.authRequired()
                || file.noAuthUser() != null
                || !file.accounts().isEmpty();
        List<String> props = new ArrayList<>();
        if (!broker.getUsers().isEmpty()) {
            props.add("nats.broker.users");
        }
        if (!broker.getAccounts().isEmpty()) {
            props.add("nats.broker.accounts");
        }
        if (StringUtils.hasText(broker.getToken())) {
            props.add("nats.broker.token");
        }
        if (StringUtils.hasText(broker.getNoAuthUser())) {
            props.add("nats.broker.no-auth-user");
        }
        if (StringUtils.hasText(broker.getSystemAccount())) {
            props.add("nats.broker.system-account");
        }
        if (fileAuth && !props.isEmpty()) {
            throw new EmbeddedBrokerConfigurationException(
                    props.get(0),
                    String.join(", ", props) + " can not be combined with the users, accounts or token of "
                            + CONFIG_FILE + "=" + broker.getConfigFile()
                            + ": configure authentication in one place",
                    null);
        }
        if (file.tls() != null && StringUtils.hasText(broker.getSsl().getBundle())) {
            throw new EmbeddedBrokerConfigurationException(
                    "nats.broker.ssl.bundle",
                    "nats.broker.ssl.bundle can not be combined with the tls block of " + CONFIG_FILE + "="
                            + broker.getConfigFile() + ": configure TLS in one place",
                    null);
        }
    }

    private static UserConfig user(String path, NatsBrokerProperties.User user, boolean mapped) {
        if (user.getPassword() == null
                && !StringUtils.hasText(user.getNkey())
                && !StringUtils.hasText(user.getNkeySeed())
                && !mapped) {
            throw new IllegalStateException(path + ".password is required unless the user"
                    + " has an nkey or the users are named by their TLS client certificate"
                    + " (nats.broker.ssl.verify-and-map=true)");
        }
        PermissionsConfig permissions = user.hasPermissions()
                ? new PermissionsConfig(
                        user.getPublishAllow(),
                        user.getPublishDeny(),
                        user.getSubscribeAllow(),
                        user.getSubscribeDeny(),
                        user.isAllowResponses() ? AllowResponses.DEFAULT : null)
                : null;
        String nkey = publicKey(user);
        return nkey != null
                ? UserConfig.nkey(nkey, permissions)
                : new UserConfig(user.getUsername(), user.getPassword(), permissions);
    }

    /** The public NKey of an NKey user (given, or derived from its seed), {@code null} for other users. */
    static String publicKey(NatsBrokerProperties.User user) {
        if (StringUtils.hasText(user.getNkey())) {
            return user.getNkey();
        }
        if (!StringUtils.hasText(user.getNkeySeed())) {
            return null;
        }
        try {
            return new String(NKey.fromSeed(user.getNkeySeed().toCharArray()).getPublicKey());
        } catch (Exception e) {
            throw new IllegalStateException("an nkey-seed of nats.broker is not a valid NKey seed", e);
        }
    }

    private static AccountConfig account(String name, NatsBrokerAccount account, boolean mapped) {
        String path = "nats.broker.accounts." + name;
        List<UserConfig> users = new ArrayList<>();
        for (int i = 0; i < account.getUsers().size(); i++) {
            users.add(user(path + ".users[" + i + "]", account.getUsers().get(i), mapped));
        }
        List<AccountConfig.Export> exports = new ArrayList<>();
        for (NatsBrokerAccount.Export e : account.getExports()) {
            boolean service = StringUtils.hasText(e.getService());
            exports.add(new AccountConfig.Export(
                    service ? AccountConfig.Kind.SERVICE : AccountConfig.Kind.STREAM,
                    service ? e.getService() : e.getStream(),
                    e.getAccounts(),
                    AccountConfig.ResponseType.valueOf(e.getResponseType().name())));
        }
        List<AccountConfig.Import> imports = new ArrayList<>();
        for (NatsBrokerAccount.Import i : account.getImports()) {
            boolean service = StringUtils.hasText(i.getService());
            imports.add(new AccountConfig.Import(
                    service ? AccountConfig.Kind.SERVICE : AccountConfig.Kind.STREAM,
                    i.getAccount(),
                    service ? i.getService() : i.getStream(),
                    StringUtils.hasText(i.getTo()) ? i.getTo() : null,
                    StringUtils.hasText(i.getPrefix()) ? i.getPrefix() : null));
        }
        NatsBrokerAccount.JetStream js = account.getJetstream();
        AccountConfig.JetStreamLimits limits = js.isOn()
                ? new AccountConfig.JetStreamLimits(
                        js.getMaxMemory() == null ? -1 : js.getMaxMemory().toBytes(),
                        js.getMaxFile() == null ? -1 : js.getMaxFile().toBytes(),
                        js.getMaxStreams() == null ? -1 : js.getMaxStreams(),
                        js.getMaxConsumers() == null ? -1 : js.getMaxConsumers())
                : null;
        Map<String, List<AccountConfig.Mapping>> mappings = new LinkedHashMap<>();
        for (NatsBrokerAccount.Mapping m : account.getMappings()) {
            mappings.computeIfAbsent(m.getSubject(), k -> new ArrayList<>())
                    .add(new AccountConfig.Mapping(m.getDestination(), m.getWeight()));
        }
        return new AccountConfig(name, users, exports, imports, limits, mappings);
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

    private static void lameDuck(NatsBrokerProperties broker, BrokerOptions.Builder b, Predicate<String> set) {
        if (set.test("lame-duck-duration") && broker.getLameDuckDuration() != null) {
            try {
                b.lameDuckDuration(broker.getLameDuckDuration());
            } catch (IllegalArgumentException e) {
                throw new EmbeddedBrokerConfigurationException(
                        "nats.broker.lame-duck-duration",
                        "nats.broker.lame-duck-duration: must be a positive duration, was "
                                + broker.getLameDuckDuration(),
                        e);
            }
        }
        if (set.test("lame-duck-grace-period") && broker.getLameDuckGracePeriod() != null) {
            try {
                b.lameDuckGracePeriod(broker.getLameDuckGracePeriod());
            } catch (IllegalArgumentException e) {
                throw new EmbeddedBrokerConfigurationException(
                        "nats.broker.lame-duck-grace-period",
                        "nats.broker.lame-duck-grace-period: must not be negative, was "
                                + broker.getLameDuckGracePeriod(),
                        e);
            }
        }
    }
}
