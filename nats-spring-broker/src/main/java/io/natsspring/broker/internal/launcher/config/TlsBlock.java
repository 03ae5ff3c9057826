package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.TlsConfig;
import io.natsspring.broker.internal.tls.TlsContexts;
import io.natsspring.broker.internal.tls.TlsSetupException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code tls { cert_file, key_file, ca_file, verify, verify_and_map, timeout, handshake_first, min_version,
 * cipher_suites, pinned_certs }} as {@code nats-server} does, and checks the files and names it gives: an error
 * names the file, the line and the key.
 */
final class TlsBlock {

    private static final String BLOCK = "tls";
    private static final Set<String> NOT_SUPPORTED_YET = Set.of(
            "curve_preferences",
            "insecure",
            "allow_insecure_cipher_suites",
            "verify_cert_and_check_known_urls",
            "connection_rate_limit",
            "cert_store",
            "cert_match_by",
            "cert_match",
            "ca_certs_match",
            "cert_match_skip_invalid",
            "ocsp_peer",
            "certs",
            "certificates");

    private TlsBlock() {}

    /** The TLS configuration of the block; {@code allowNonTls} is the top-level {@code allow_non_tls}. */
    static TlsConfig read(ConfigEntry tls, boolean allowNonTls, List<ConfigWarning> warnings) {
        TlsConfig.Builder b = TlsConfig.builder().allowNonTls(allowNonTls);
        Map<String, ConfigEntry> seen = new HashMap<>();
        Path cert = null;
        Path key = null;
        Path ca = null;
        List<String> ciphers = List.of();
        for (ConfigEntry e : EntryValues.block(tls).entries()) {
            String name = EntryValues.name(e);
            seen.put(name, e);
            switch (name) {
                case "cert_file" -> cert = path(e);
                case "key_file" -> key = path(e);
                case "ca_file" -> ca = path(e);
                case "verify" -> b.verify(EntryValues.bool(e));
                case "verify_and_map" -> b.verifyAndMap(EntryValues.bool(e));
                case "timeout" -> b.timeout(EntryValues.positiveDuration(e));
                case "handshake_first", "first", "immediate" -> b.handshakeFirst(handshakeFirst(e, warnings));
                case "min_version" -> SettingProblems.apply(e, () -> b.minVersion(EntryValues.string(e)));
                case "cipher_suites" -> {
                    ciphers = EntryValues.strings(e);
                    List<String> names = ciphers;
                    SettingProblems.apply(e, () -> b.cipherSuites(names));
                }
                case "pinned_certs" ->
                    SettingProblems.apply(e, () -> b.pinnedCerts(new LinkedHashSet<>(EntryValues.strings(e))));
                default -> {
                    if (!NOT_SUPPORTED_YET.contains(name)) {
                        throw SettingProblems.unknown(e, BLOCK);
                    }
                    warnings.add(SettingProblems.notSupportedYet(e, BLOCK));
                }
            }
        }
        if (cert == null || key == null) {
            ConfigEntry given = seen.getOrDefault("cert_file", seen.get("key_file"));
            throw new ConfigException(
                    (given != null ? given : tls).location(),
                    cert == null && key == null
                            ? "tls needs 'cert_file' and 'key_file'"
                            : "missing '" + (cert == null ? "cert_file" : "key_file") + "' in TLS configuration");
        }
        try {
            TlsContexts.check(cert, key, ca, ciphers);
        } catch (TlsSetupException ex) {
            ConfigEntry at = seen.getOrDefault(ex.key(), tls);
            throw new ConfigException(at.location(), "invalid value for '" + at.key() + "': " + ex.getMessage(), ex);
        }
        b.certificate(cert, key).caFile(ca);
        return b.build();
    }

    private static boolean handshakeFirst(ConfigEntry e, List<ConfigWarning> warnings) {
        if (e.value() instanceof ConfigBoolean bool) {
            return bool.value();
        }
        if (e.value() instanceof ConfigString s) {
            switch (s.value().toLowerCase(Locale.ROOT)) {
                case "true", "on":
                    return true;
                case "false", "off":
                    return false;
                default:
                    warnings.add(new ConfigWarning(
                            e.location(),
                            "'" + e.key() + "' in tls: the fallback to a plain INFO (\"" + s.value()
                                    + "\") is not supported yet; the handshake comes first without fallback"));
                    return true;
            }
        }
        throw EntryValues.invalid(
                e,
                "field \"" + e.key() + "\" should be a boolean or a string, got "
                        + e.value().describe());
    }

    private static Path path(ConfigEntry e) {
        String file = EntryValues.string(e);
        try {
            return Path.of(file);
        } catch (InvalidPathException ex) {
            throw EntryValues.invalid(e, "not a valid path: " + ex.getMessage());
        }
    }
}
