package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.TlsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@code nats-server} configuration file applied to {@link BrokerOptions}.
 *
 * <p>A setting this broker does not know at all fails with a {@link ConfigException}. A {@code nats-server}
 * setting it does not support yet ({@code cluster}, {@code tls}, ...) and the file-logging
 * settings ({@code log_file}, {@code pid_file}, ...) are ignored with a {@link ConfigWarning}, which is also
 * logged. {@code debug}, {@code trace}, {@code logtime}, {@code logtime_utc} and {@code trace_verbose} are
 * accepted silently: {@link #debug()} and {@link #trace()} report the first two as hints, the broker's
 * verbosity being that of its {@link System.Logger} configuration. Keys used only as {@code $variables} are
 * not settings.
 */
public final class BrokerConfigFile {

    private static final System.Logger LOG = System.getLogger(BrokerConfigFile.class.getName());

    private static final Set<String> NOT_SUPPORTED_YET = Set.of(
            "cluster",
            "gateway",
            "mqtt",
            "no_system_account",
            "resolver_pinned_accounts",
            "trusted",
            "trusted_keys",
            "client_advertise",
            "no_header_support",
            "max_subscriptions",
            "max_subs",
            "max_closed_clients",
            "connect_error_reports",
            "reconnect_error_reports",
            "disable_sublist_cache",
            "no_sublist_cache",
            "server_tags",
            "server_metadata",
            "http_base_path",
            "prof_port",
            "default_js_domain",
            "jetstream_max_memory",
            "jetstream_max_storage",
            "authentication_timeout");
    private static final Set<String> LOG_FILE_SETTINGS = Set.of(
            "log_file",
            "logfile",
            "pid_file",
            "ports_file_dir",
            "syslog",
            "remote_syslog",
            "logfile_size_limit",
            "log_size_limit",
            "logfile_max_num",
            "log_max_num",
            "max_traced_msg_len");

    private final BrokerOptions options;
    private final List<ConfigWarning> warnings;
    private final boolean debug;
    private final boolean trace;

    private BrokerConfigFile(BrokerOptions options, List<ConfigWarning> warnings, boolean debug, boolean trace) {
        this.options = options;
        this.warnings = List.copyOf(warnings);
        this.debug = debug;
        this.trace = trace;
    }

    /** {@code resolver_tls} applied to a URL resolver (nats-server ignores it with any other resolver). */
    private static io.natsspring.broker.OperatorConfig withResolverTls(
            io.natsspring.broker.OperatorConfig operator, io.natsspring.broker.ResolverTlsConfig tls) {
        if (operator == null || tls == null || operator.resolver() == null) {
            return operator;
        }
        return new io.natsspring.broker.OperatorConfig(
                operator.operatorJwts(),
                operator.systemAccount(),
                operator.accountJwts(),
                operator.resolver().withTls(tls));
    }

    /** Reads {@code file}, resolving undefined variables from the process environment. */
    public static BrokerConfigFile load(Path file) {
        return load(file, System::getenv);
    }

    /** Reads {@code file}, resolving undefined variables with {@code environment}. */
    public static BrokerConfigFile load(Path file, Function<String, String> environment) {
        return of(new ConfigParser(environment).parseFile(file));
    }

    /** Applies a parsed configuration tree to default options. */
    public static BrokerConfigFile of(ConfigMap root) {
        BrokerOptions.Builder builder = BrokerOptions.builder();
        List<ConfigWarning> warnings = new ArrayList<>();
        boolean debug = false;
        boolean trace = false;
        ConfigEntry authorization = null;
        ConfigEntry noAuthUser = null;
        ConfigEntry tls = null;
        ConfigEntry systemAccount = null;
        boolean allowNonTls = false;
        List<ConfigEntry> operatorEntries = new ArrayList<>();
        ConfigEntry ocsp = null;
        TlsConfig.OcspPeerCache ocspCache = null;
        io.natsspring.broker.ResolverTlsConfig resolverTls = null;
        ConfigEntry websocket = null;
        for (ConfigEntry e : root.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "debug" -> debug = EntryValues.bool(e);
                case "trace" -> trace = EntryValues.bool(e);
                case "logtime", "logtime_utc", "trace_verbose" -> EntryValues.bool(e);
                case "authorization" -> {
                    authorization = e;
                    AuthorizationBlock.apply(e, builder, warnings);
                }
                case "jetstream" -> JetStreamBlock.apply(e, builder, warnings);
                case "feature_flags" -> builder.featureFlags(FeatureFlagsBlock.read(e, warnings));
                case "leafnodes", "leaf" -> builder.leafNodes(LeafNodesBlock.read(e, warnings));
                case "accounts" -> AccountsBlock.apply(e, builder, warnings);
                case "no_auth_user" -> {
                    noAuthUser = e;
                    builder.noAuthUser(EntryValues.string(e));
                }
                case "system_account", "system" -> {
                    systemAccount = e;
                    builder.systemAccount(EntryValues.string(e));
                }
                case "tls" -> tls = e;
                case "allow_non_tls" -> allowNonTls = EntryValues.bool(e);
                case "operator", "operators", "resolver", "resolver_preload" -> operatorEntries.add(e);
                case "resolver_tls" -> resolverTls = ResolverTlsBlock.read(e);
                case "ocsp" -> ocsp = e;
                case "ocsp_cache" -> ocspCache = OcspCacheBlock.read(e, warnings);
                case "websocket", "ws" -> {
                    websocket = e;
                    WebSocketBlock.apply(e, builder, warnings);
                }
                default -> applySetting(e, builder, warnings);
            }
        }
        if (tls != null) {
            TlsConfig read = TlsBlock.read(tls, allowNonTls, ocsp, warnings);
            builder.tls(
                    ocspCache == null
                            ? read
                            : read.toBuilder().ocspPeerCache(ocspCache).build());
        } else if (ocsp != null) {
            OcspBlock.read(ocsp);
        }
        builder.operator(withResolverTls(OperatorBlock.read(root, operatorEntries), resolverTls));
        warnings.forEach(w -> LOG.log(System.Logger.Level.WARNING, w.toString()));
        BrokerOptions options;
        try {
            options = builder.build();
        } catch (IllegalArgumentException ex) {
            String why = ex.getMessage();
            boolean aboutWebSocket = why.contains("websocket")
                    || why.contains("cookie")
                    || (why.startsWith("no_auth_user") && noAuthUser == null);
            ConfigLocation at = websocket != null && aboutWebSocket
                    ? websocket.location()
                    : ex.getMessage().startsWith("operators do not allow") && !operatorEntries.isEmpty()
                            ? operatorEntries.get(0).location()
                            : noAuthUser != null && ex.getMessage().startsWith("no_auth_user")
                                    ? noAuthUser.location()
                                    : systemAccount != null && ex.getMessage().contains("system account")
                                            ? systemAccount.location()
                                            : ex.getMessage().contains("HTTP") && tls != null
                                                    ? tls.location()
                                                    : authorization != null
                                                            ? authorization.location()
                                                            : root.location();
            throw new ConfigException(at, ex.getMessage());
        }
        return new BrokerConfigFile(options, warnings, debug, trace);
    }

    private static void applySetting(ConfigEntry e, BrokerOptions.Builder b, List<ConfigWarning> warnings) {
        switch (EntryValues.name(e)) {
            case "listen" -> listen(e, b);
            case "host", "net" -> b.host(EntryValues.string(e));
            case "port" -> b.port(EntryValues.port(e));
            case "server_name" -> b.serverName(EntryValues.string(e));
            case "max_payload" -> SettingProblems.apply(e, () -> b.maxPayload(EntryValues.positiveIntSize(e)));
            case "max_connections", "max_conn" ->
                SettingProblems.apply(e, () -> b.maxConnections(EntryValues.positiveInt(e)));
            case "max_control_line" -> SettingProblems.apply(e, () -> b.maxControlLine(EntryValues.positiveIntSize(e)));
            case "ping_interval" -> SettingProblems.apply(e, () -> b.pingInterval(EntryValues.positiveDuration(e)));
            case "ping_max" -> SettingProblems.apply(e, () -> b.maxPingsOut(EntryValues.positiveInt(e)));
            case "lame_duck_duration" -> b.lameDuckDuration(LameDuckSettings.duration(e));
            case "lame_duck_grace_period" -> b.lameDuckGracePeriod(LameDuckSettings.gracePeriod(e));
            case "write_deadline" -> SettingProblems.apply(e, () -> b.writeDeadline(EntryValues.positiveDuration(e)));
            case "max_pending" -> SettingProblems.apply(e, () -> b.maxPending(positiveSize(e)));
            case "http" -> http(e, b, warnings);
            case "http_port", "monitor_port" -> b.httpPort(EntryValues.port(e));
            case "https" -> b.httpsPort(HostPort.of(e).port());
            case "https_port" -> b.httpsPort(EntryValues.port(e));
            default -> {
                String name = EntryValues.name(e);
                if (LOG_FILE_SETTINGS.contains(name)) {
                    warnings.add(SettingProblems.ignored(
                            e,
                            "nats-spring-broker writes no log or pid files; it logs"
                                    + " through System.Logger, configure that instead"));
                } else if (NOT_SUPPORTED_YET.contains(name)) {
                    warnings.add(SettingProblems.notSupportedYet(e, null));
                } else {
                    throw SettingProblems.unknown(e, null);
                }
            }
        }
    }

    private static long positiveSize(ConfigEntry e) {
        long size = EntryValues.size(e);
        if (size == 0) {
            throw EntryValues.invalid(e, "expected a positive size, found 0");
        }
        return size;
    }

    private static void listen(ConfigEntry e, BrokerOptions.Builder b) {
        HostPort hp = HostPort.of(e);
        if (hp.host() != null) {
            b.host(hp.host());
        }
        b.port(hp.port());
    }

    private static void http(ConfigEntry e, BrokerOptions.Builder b, List<ConfigWarning> warnings) {
        HostPort hp = HostPort.of(e);
        if (hp.host() != null) {
            warnings.add(new ConfigWarning(
                    e.location(),
                    "the host of 'http' (" + hp.host()
                            + ") is not supported yet; monitoring listens on the client host"));
        }
        b.httpPort(hp.port());
    }

    /** The options the file describes. */
    public BrokerOptions options() {
        return options;
    }

    /** Settings that were accepted without effect, in file order. */
    public List<ConfigWarning> warnings() {
        return warnings;
    }

    /** The file's {@code debug} setting, a hint for log verbosity. */
    public boolean debug() {
        return debug;
    }

    /** The file's {@code trace} setting, a hint for log verbosity. */
    public boolean trace() {
        return trace;
    }
}
