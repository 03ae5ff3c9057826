package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.TlsConfig;
import io.natsspring.broker.internal.time.GoDuration;
import io.natsspring.broker.internal.tls.TlsContexts;
import io.natsspring.broker.internal.tls.TlsSetupException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code tls { cert_file, key_file, ca_file, verify, verify_and_map, timeout, handshake_first, min_version,
 * cipher_suites, curve_preferences, pinned_certs, certs, cert_store, ocsp_peer }} as {@code nats-server} does,
 * and checks the files and names it gives: an error names the file, the line and the key.
 */
final class TlsBlock {

    private static final String BLOCK = "tls";
    private static final Set<String> NOT_SUPPORTED_YET = Set.of(
            "insecure", "allow_insecure_cipher_suites", "verify_cert_and_check_known_urls", "connection_rate_limit");
    /** {@code nats-server}'s fallback delay for {@code handshake_first: auto}. */
    static final Duration AUTO_FALLBACK_DELAY = Duration.ofMillis(50);

    private TlsBlock() {}

    /** The TLS configuration of the block; {@code allowNonTls} is the top-level {@code allow_non_tls}. */
    static TlsConfig read(ConfigEntry tls, boolean allowNonTls, List<ConfigWarning> warnings) {
        return read(tls, allowNonTls, null, warnings);
    }

    /** As {@link #read(ConfigEntry, boolean, List)} with the top-level {@code ocsp} setting ({@code null}: none). */
    static TlsConfig read(ConfigEntry tls, boolean allowNonTls, ConfigEntry ocsp, List<ConfigWarning> warnings) {
        TlsConfig.Builder b = TlsConfig.builder().allowNonTls(allowNonTls);
        if (ocsp != null) {
            OcspBlock.Ocsp read = OcspBlock.read(ocsp);
            b.ocsp(read.mode()).ocspUrls(read.urls());
        }
        List<TlsConfig.Certificate> certs = List.of();
        List<String> curves = List.of();
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
                case "handshake_first", "first", "immediate" -> handshakeFirst(e, b);
                case "curve_preferences" -> {
                    curves = EntryValues.strings(e);
                    if (curves.isEmpty()) {
                        throw new ConfigException(
                                e.location(), "error parsing tls config, 'curve_preferences' cannot be empty");
                    }
                    b.curvePreferences(curves);
                }
                case "certs", "certificates" -> {
                    certs = certificates(e);
                    b.certificates(certs);
                }
                case "cert_store" -> CertStoreSettings.certStore(e);
                case "cert_match_by" -> CertStoreSettings.certMatchBy(e, warnings);
                case "cert_match", "ca_certs_match", "cert_match_skip_invalid" ->
                    CertStoreSettings.matchSetting(e, warnings);
                case "ocsp_peer" -> b.ocspPeer(ocspPeer(e));
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
        if (!certs.isEmpty()) {
            if (cert != null || key != null) {
                ConfigEntry given = seen.getOrDefault("cert_file", seen.get("key_file"));
                throw new ConfigException(
                        given.location(),
                        "error parsing tls config, cannot combine 'cert_file' option with 'certs' option");
            }
            ConfigEntry certsEntry = seen.getOrDefault("certs", seen.get("certificates"));
            for (TlsConfig.Certificate c : certs) {
                check(c.certFile(), c.keyFile(), ca, ciphers, curves, seen, certsEntry);
            }
            b.caFile(ca);
            return build(b, tls);
        }
        if (cert == null || key == null) {
            ConfigEntry given = seen.getOrDefault("cert_file", seen.get("key_file"));
            throw new ConfigException(
                    (given != null ? given : tls).location(),
                    cert == null && key == null
                            ? "tls needs 'cert_file' and 'key_file'"
                            : "missing '" + (cert == null ? "cert_file" : "key_file") + "' in TLS configuration");
        }
        check(cert, key, ca, ciphers, curves, seen, tls);
        b.certificate(cert, key).caFile(ca);
        return build(b, tls);
    }

    private static TlsConfig build(TlsConfig.Builder b, ConfigEntry tls) {
        try {
            return b.build();
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(tls.location(), "error parsing tls config, " + ex.getMessage(), ex);
        }
    }

    private static void check(
            Path cert,
            Path key,
            Path ca,
            List<String> ciphers,
            List<String> curves,
            Map<String, ConfigEntry> seen,
            ConfigEntry fallback) {
        try {
            TlsContexts.check(cert, key, ca, ciphers, curves);
        } catch (TlsSetupException ex) {
            ConfigEntry at = seen.getOrDefault(ex.key(), fallback);
            throw new ConfigException(at.location(), "invalid value for '" + at.key() + "': " + ex.getMessage(), ex);
        }
    }

    private static List<TlsConfig.Certificate> certificates(ConfigEntry e) {
        if (!(e.value() instanceof ConfigList list)) {
            throw new ConfigException(
                    e.location(),
                    "error parsing certificates config: unsupported type "
                            + e.value().describe());
        }
        List<TlsConfig.Certificate> out = new ArrayList<>();
        for (ConfigMap pair : EntryValues.blocks(e)) {
            Path cert = null;
            Path key = null;
            for (ConfigEntry f : pair.entries()) {
                if (!(f.value() instanceof ConfigString)) {
                    throw new ConfigException(
                            f.location(),
                            "error parsing certificates config: unsupported type "
                                    + f.value().describe());
                }
                switch (f.key()) {
                    case "cert_file" -> cert = path(f);
                    case "key_file" -> key = path(f);
                    default ->
                        throw new ConfigException(
                                f.location(), "error parsing tls certs config, unknown field \"" + f.key() + "\"");
                }
            }
            if (cert == null || key == null) {
                throw new ConfigException(
                        pair.location(),
                        "error parsing certificates config: both 'cert_file' and 'cert_key' options are required");
            }
            out.add(new TlsConfig.Certificate(cert, key));
        }
        if (list.items().isEmpty()) {
            throw new ConfigException(e.location(), "error parsing certificates config: no certificate given");
        }
        return out;
    }

    /** An {@code ocsp_peer} option whose non-default behaviour the broker does not have yet: refused, not dropped. */
    private static ConfigException ocspPeerOptionNotSupported(ConfigEntry f) {
        return new ConfigException(
                f.location(),
                "ocsp peer option '" + f.key() + "' is not supported by nats-spring-broker yet (only 'verify', with"
                        + " nats-server's defaults for the other options: a revoked, unknown or unobtainable OCSP"
                        + " status fails the handshake)");
    }

    private static boolean ocspPeer(ConfigEntry e) {
        if (e.value() instanceof ConfigBoolean b) {
            return b.value();
        }
        if (!(e.value() instanceof ConfigMap block)) {
            throw new ConfigException(
                    e.location(),
                    "error parsing ocsp peer config: unsupported type "
                            + e.value().describe());
        }
        boolean verify = false;
        ConfigEntry unsupported = null;
        for (ConfigEntry f : block.entries()) {
            switch (f.key()) {
                case "verify" -> verify = EntryValues.bool(f);
                case "allowed_clockskew", "ca_timeout", "cache_ttl_when_next_update_unset" -> {
                    EntryValues.positiveDuration(f);
                    unsupported = unsupported == null ? f : unsupported;
                }
                case "warn_only", "unknown_is_good", "allow_when_ca_unreachable" -> {
                    if (EntryValues.bool(f) && unsupported == null) {
                        unsupported = f;
                    }
                }
                default ->
                    throw new ConfigException(
                            f.location(), "error parsing ocsp peer config: unrecognized field \"" + f.key() + "\"");
            }
        }
        if (verify && unsupported != null) {
            throw ocspPeerOptionNotSupported(unsupported);
        }
        return verify;
    }

    private static void handshakeFirst(ConfigEntry e, TlsConfig.Builder b) {
        if (e.value() instanceof ConfigBoolean bool) {
            b.handshakeFirst(bool.value());
            return;
        }
        if (e.value() instanceof ConfigString s) {
            switch (s.value().toLowerCase(Locale.ROOT)) {
                case "true", "on" -> b.handshakeFirst(true);
                case "false", "off" -> b.handshakeFirst(false);
                case "auto", "auto_fallback" -> b.handshakeFirstFallback(AUTO_FALLBACK_DELAY);
                default -> {
                    Duration d;
                    try {
                        d = GoDuration.parseDuration(s.value());
                    } catch (IllegalArgumentException ex) {
                        throw new ConfigException(
                                e.location(), "field \"" + e.key() + "\"'s value \"" + s.value() + "\" is invalid");
                    }
                    if (d.isZero() || d.isNegative()) {
                        b.handshakeFirst(true);
                    } else {
                        b.handshakeFirstFallback(d);
                    }
                }
            }
            return;
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
