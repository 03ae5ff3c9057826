package io.natsspring.broker.internal.launcher.config;

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
 * file's directory), {@code resolver: MEMORY} and {@code resolver_preload { ACCOUNT_KEY: "jwt" }}, and the
 * top-level {@code system_account}. Other resolver types are refused with a clear error.
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
        checkResolver(resolver);
        List<String> jwts = new ArrayList<>();
        for (String value : EntryValues.strings(operator)) {
            jwts.add(operatorJwt(operator, value));
        }
        Map<String, String> accounts = new LinkedHashMap<>();
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
            config = new OperatorConfig(jwts, systemAccount, accounts);
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

    private static void checkResolver(ConfigEntry resolver) {
        if (resolver.value() instanceof ConfigString s) {
            String type = s.value().toUpperCase(Locale.ROOT);
            if (type.equals("MEMORY") || type.equals("MEM")) {
                return;
            }
            throw new ConfigException(
                    resolver.value().location(),
                    "resolver '" + s.value() + "' is not supported yet by nats-spring-broker; use MEMORY with"
                            + " resolver_preload (URL resolvers are not supported)");
        }
        throw new ConfigException(
                resolver.value().location(),
                "resolver " + resolver.value().describe() + " is not supported yet by nats-spring-broker (the"
                        + " full/cache directory resolver); use 'resolver: MEMORY' with resolver_preload");
    }

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
