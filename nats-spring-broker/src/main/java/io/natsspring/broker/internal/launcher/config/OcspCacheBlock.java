package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.TlsConfig;
import io.natsspring.broker.internal.time.GoDuration;
import java.util.List;
import java.util.Locale;

/**
 * Reads the top-level {@code ocsp_cache: true | false | { type: local | none, local_store, preserve_revoked,
 * save_interval }} as {@code nats-server} does, with its error texts. The cache is kept in memory:
 * {@code local_store} and {@code save_interval} (where {@code nats-server} saves the cache to disk) are checked and
 * then ignored with a warning.
 */
final class OcspCacheBlock {

    private OcspCacheBlock() {}

    static TlsConfig.OcspPeerCache read(ConfigEntry e, List<ConfigWarning> warnings) {
        if (e.value() instanceof ConfigBoolean b) {
            return new TlsConfig.OcspPeerCache(b.value(), false);
        }
        if (!(e.value() instanceof ConfigMap block)) {
            throw new ConfigException(
                    e.location(),
                    "error parsing tags: unsupported type " + e.value().describe());
        }
        boolean enabled = true;
        boolean preserveRevoked = false;
        for (ConfigEntry f : block.entries()) {
            switch (f.key().toLowerCase(Locale.ROOT)) {
                case "type" -> {
                    if (!(f.value() instanceof ConfigString s)) {
                        throw generic(f);
                    }
                    switch (s.value().toLowerCase(Locale.ROOT)) {
                        case "local" -> enabled = true;
                        case "none" -> enabled = false;
                        default ->
                            throw new ConfigException(
                                    f.location(),
                                    "error parsing OCSP peer cache config, unknown type [" + s.value() + "]");
                    }
                }
                case "local_store" -> {
                    if (!(f.value() instanceof ConfigString)) {
                        throw generic(f);
                    }
                    warnings.add(SettingProblems.ignored(
                            f, "nats-spring-broker keeps the OCSP peer cache in memory (a restart asks again)"));
                }
                case "preserve_revoked" -> {
                    if (!(f.value() instanceof ConfigBoolean b)) {
                        throw generic(f);
                    }
                    preserveRevoked = b.value();
                }
                case "save_interval" -> {
                    if (f.value() instanceof ConfigString s) {
                        try {
                            GoDuration.parseDuration(s.value());
                        } catch (IllegalArgumentException ex) {
                            throw new ConfigException(
                                    f.location(),
                                    "error parsing tls peer config, conversion error: " + ex.getMessage());
                        }
                    } else if (!(f.value() instanceof ConfigInteger) && !(f.value() instanceof ConfigDecimal)) {
                        throw new ConfigException(
                                f.location(),
                                "error parsing OCSP peer cache config, conversion error: unexpected type");
                    }
                    warnings.add(SettingProblems.ignored(
                            f, "nats-spring-broker keeps the OCSP peer cache in memory (a restart asks again)"));
                }
                default -> throw generic(f);
            }
        }
        return new TlsConfig.OcspPeerCache(enabled, preserveRevoked);
    }

    private static ConfigException generic(ConfigEntry f) {
        return new ConfigException(
                f.location(), "error parsing OCSP peer cache config, unknown field [\"" + f.key() + "\"]");
    }
}
