package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.AccountResolverConfig;
import io.natsspring.broker.OperatorConfig;
import io.natsspring.broker.internal.auth.OperatorTrust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Operator mode in a {@code nats-server} file: {@code operator} (one or several JWTs, inline or as files, decorated
 * or not; a relative path is tried against the working directory as nats-server does, then against the config
 * file's directory), {@code resolver: MEMORY} or a directory resolver ({@code resolver: { type: full|cache, dir,
 * allow_delete, hard_delete, limit, ttl, interval, timeout }}, checked as nats-server checks it),
 * {@code resolver_preload { ACCOUNT_KEY: "jwt" }}, and the top-level {@code system_account}; or an HTTP account
 * server, {@code resolver: URL("http://host/jwt/v1/accounts/")} (no preloads then).
 */
final class OperatorBlock {

    /** How every JWT starts (base64url of {@code {"}). */
    private static final String JWT_PREFIX = "eyJ";

    private OperatorBlock() {}

    /**
     * The operator configuration of the file's entries, or {@code null} when none of {@code operator},
     * {@code resolver}, {@code resolver_preload} is present.
     */
    static OperatorConfig read(ConfigMap root, List<ConfigEntry> entries) {
        ConfigEntry operator = null;
        ConfigEntry resolver = null;
        ConfigEntry preload = null;
        for (ConfigEntry e : entries) {
            switch (EntryValues.name(e)) {
                case "operator", "operators" -> operator = e;
                case "resolver" -> resolver = e;
                case "resolver_preload" -> preload = e;
                default -> throw new IllegalStateException(e.key());
            }
        }
        if (operator == null) {
            ConfigEntry first = resolver != null ? resolver : preload;
            if (first == null) {
                return null;
            }
            throw new ConfigException(
                    first.location(), "'" + first.key() + "' needs an 'operator' (the trusted operator JWT)");
        }
        if (resolver == null) {
            throw new ConfigException(operator.location(), "operators require an account resolver to be configured");
        }
        AccountResolverConfig directory = resolver(resolver);
        List<String> jwts = new ArrayList<>();
        for (String value : EntryValues.strings(operator)) {
            jwts.add(operatorJwt(operator, value));
        }
        Map<String, String> accounts = new LinkedHashMap<>();
        if (preload != null && directory != null && directory.type() == AccountResolverConfig.Type.URL) {
            throw new ConfigException(
                    preload.location(),
                    "resolver preloads only available for writeable resolver types MEM/DIR/CACHE_DIR");
        }
        if (preload != null) {
            if (!(preload.value() instanceof ConfigMap m)) {
                throw new ConfigException(
                        preload.value().location(), "preload should be a map of account_public_key:account_jwt");
            }
            for (ConfigEntry a : m.entries()) {
                if (!(a.value() instanceof ConfigString s)) {
                    throw new ConfigException(a.location(), "preload map value should be a string JWT");
                }
                accounts.put(a.key(), s.value());
            }
        }
        String systemAccount = root.entries().stream()
                .filter(e -> !e.variable() && EntryValues.name(e).equals("system_account"))
                .map(EntryValues::string)
                .findFirst()
                .orElse(null);
        OperatorConfig config;
        try {
            config = new OperatorConfig(jwts, systemAccount, accounts, directory);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(operator.location(), ex.getMessage());
        }
        try {
            // decodes and verifies every JWT now, so a bad one is reported with its place in the file
            new OperatorTrust(config.operatorJwts(), config.systemAccount(), config.accountJwts());
        } catch (IllegalArgumentException ex) {
            ConfigLocation at =
                    ex.getMessage().startsWith("preload") && preload != null ? preload.location() : operator.location();
            throw new ConfigException(at, ex.getMessage());
        }
        return config;
    }

    /** The resolver of {@code resolver} (directory or URL), {@code null} for {@code MEMORY}. */
    private static AccountResolverConfig resolver(ConfigEntry resolver) {
        if (resolver.value() instanceof ConfigString s) {
            String type = s.value().strip().toUpperCase(Locale.ROOT);
            if (type.equals("MEMORY") || type.equals("MEM")) {
                return null;
            }
            java.util.regex.Matcher url = URL_RESOLVER.matcher(s.value());
            if (url.find()) {
                String address = url.group(1) == null ? "" : url.group(1).strip();
                try {
                    return AccountResolverConfig.url(java.net.URI.create(address));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new ConfigException(
                            resolver.value().location(),
                            "error parsing account resolver url [\"" + address
                                    + "\"]: expected URL(\"http://host:port/jwt/v1/accounts/\")");
                }
            }
            throw new ConfigException(resolver.value().location(), UNKNOWN_RESOLVER);
        }
        if (!(resolver.value() instanceof ConfigMap m)) {
            throw new ConfigException(
                    resolver.value().location(),
                    "error parsing operator resolver, wrong type "
                            + resolver.value().describe());
        }
        String type = null;
        String dir = null;
        boolean allowDelete = false;
        Boolean hardDelete = null;
        long limit = 0;
        java.time.Duration ttl = null;
        java.time.Duration interval = null;
        java.time.Duration timeout = null;
        for (ConfigEntry e : m.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "type" -> type = EntryValues.string(e).toUpperCase(Locale.ROOT);
                case "dir" -> dir = EntryValues.string(e);
                case "allow_delete" -> allowDelete = EntryValues.bool(e);
                case "hard_delete" -> hardDelete = EntryValues.bool(e);
                case "limit" -> {
                    limit = EntryValues.integer(e);
                    if (limit < 0) {
                        throw EntryValues.invalid(e, "expected 0 (the default) or a positive number of JWTs");
                    }
                }
                case "ttl" -> ttl = EntryValues.positiveDuration(e);
                case "interval" -> interval = EntryValues.positiveDuration(e);
                case "timeout" -> timeout = EntryValues.positiveDuration(e);
                default ->
                    throw new ConfigException(
                            e.location(),
                            "unknown resolver setting '" + e.key() + "' (expected type, dir, allow_delete, hard_delete,"
                                    + " limit, ttl, interval, timeout)");
            }
        }
        if (type == null || type.equals("MEM") || type.equals("MEMORY")) {
            if (type != null) {
                return null;
            }
            throw new ConfigException(resolver.value().location(), UNKNOWN_RESOLVER);
        }
        AccountResolverConfig.Type kind;
        switch (type) {
            case "FULL" -> {
                if (ttl != null) {
                    throw new ConfigException(resolver.location(), "FULL does not accept ttl");
                }
                if (hardDelete != null && !allowDelete) {
                    throw new ConfigException(resolver.location(), "hard_delete has no effect without delete");
                }
                kind = AccountResolverConfig.Type.FULL;
            }
            case "CACHE" -> {
                if (interval != null) {
                    throw new ConfigException(resolver.location(), "CACHE does not accept sync");
                }
                if (allowDelete) {
                    throw new ConfigException(resolver.location(), "CACHE does not accept allow_delete");
                }
                if (hardDelete != null) {
                    throw new ConfigException(resolver.location(), "CACHE does not accept hard_delete");
                }
                kind = AccountResolverConfig.Type.CACHE;
            }
            default -> throw new ConfigException(resolver.value().location(), UNKNOWN_RESOLVER);
        }
        if (dir == null || dir.isEmpty()) {
            throw new ConfigException(resolver.location(), "dir has no value and needs to point to a directory");
        }
        Path path;
        try {
            path = Path.of(dir);
        } catch (RuntimeException e) {
            throw new ConfigException(resolver.location(), "dir needs to point to an accessible directory");
        }
        if (Files.exists(path) && (!Files.isDirectory(path) || !Files.isWritable(path))) {
            throw new ConfigException(resolver.location(), "dir needs to point to an accessible directory");
        }
        return new AccountResolverConfig(
                kind,
                path,
                allowDelete,
                kind == AccountResolverConfig.Type.CACHE || Boolean.TRUE.equals(hardDelete),
                interval,
                timeout,
                limit,
                ttl);
    }

    /** nats-server's pattern of {@code resolver: URL("…")}. */
    private static final java.util.regex.Pattern URL_RESOLVER =
            java.util.regex.Pattern.compile("(?i)URL(?:\\(\\s*\"?([^\\s\"]*)\"?\\s*\\))?\\s*");

    private static final String UNKNOWN_RESOLVER = "error parsing account resolver, should be MEM or  URL(\"url\") or"
            + " a map containing dir and type state=[FULL|CACHE])";

    private static String operatorJwt(ConfigEntry e, String value) {
        List<Path> candidates = new ArrayList<>();
        try {
            Path p = Path.of(value);
            candidates.add(p);
            Path dir = Path.of(e.location().file()).toAbsolutePath().getParent();
            if (!p.isAbsolute() && dir != null) {
                candidates.add(dir.resolve(p));
            }
        } catch (RuntimeException notAPath) {
            // an inline JWT may hold characters a path can not
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException ex) {
                    throw new ConfigException(e.location(), "operator JWT file " + p + " can not be read: " + ex);
                }
            }
        }
        if (value.strip().startsWith(JWT_PREFIX)) {
            return value;
        }
        throw new ConfigException(
                e.value().location(), "operator '" + value + "' is neither an operator JWT nor a readable file");
    }
}
