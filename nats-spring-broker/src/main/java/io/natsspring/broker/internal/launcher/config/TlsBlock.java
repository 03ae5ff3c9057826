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

/**
 * Reads {@code tls { cert_file, key_file, ca_file, verify, verify_and_map, timeout, handshake_first, min_version,
 * cipher_suites, curve_preferences, pinned_certs, certs, cert_store, ocsp_peer, connection_rate_limit,
 * allow_insecure_cipher_suites, insecure, verify_cert_and_check_known_urls }} as {@code nats-server} does,
 * and checks the files and names it gives: an error names the file, the line and the key.
 */
final class TlsBlock {

    private static final String BLOCK = "tls";
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
        boolean allowInsecure = false;
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
                case "ocsp_peer" -> ocspPeer(e, b);
                case "connection_rate_limit" -> {
                    if (!(e.value() instanceof ConfigInteger i) || i.hasSuffix()) {
                        throw new ConfigException(
                                e.location(), "error parsing tls config, 'connection_rate_limit' wrong type");
                    }
                    b.connectionRateLimit(i.value());
                }
                case "allow_insecure_cipher_suites" -> {
                    allowInsecure = tlsBool(e);
                    b.allowInsecureCipherSuites(allowInsecure);
                }
                case "verify_cert_and_check_known_urls" -> {
                    if (tlsBool(e)) {
                        // as nats-server: only routes and gateways check known URLs
                        throw new ConfigException(
                                e.location(), "verify_cert_and_check_known_urls not supported in this context");
                    }
                }
                case "insecure" -> {
                    if (tlsBool(e)) {
                        warnings.add(new ConfigWarning(
                                e.location(),
                                "'insecure' in tls has no effect on a listener (as in nats-server, it only skips"
                                        + " the check of a server's certificate by the connecting side)"));
                    }
                }
                case "min_version" -> SettingProblems.apply(e, () -> b.minVersion(EntryValues.string(e)));
                case "cipher_suites" -> {
                    ciphers = EntryValues.strings(e);
                    List<String> names = ciphers;
                    SettingProblems.apply(e, () -> b.cipherSuites(names));
                }
                case "pinned_certs" ->
                    SettingProblems.apply(e, () -> b.pinnedCerts(new LinkedHashSet<>(EntryValues.strings(e))));
                default -> throw SettingProblems.unknown(e, BLOCK);
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
                check(c.certFile(), c.keyFile(), ca, ciphers, curves, allowInsecure, seen, certsEntry);
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
        check(cert, key, ca, ciphers, curves, allowInsecure, seen, tls);
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
            boolean allowInsecure,
            Map<String, ConfigEntry> seen,
            ConfigEntry fallback) {
        try {
            TlsContexts.check(cert, key, ca, ciphers, curves, allowInsecure);
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

    /** Sets {@code ocsp_peer}: {@code true}/{@code false}, or a block of options as {@code nats-server} reads it. */
    private static void ocspPeer(ConfigEntry e, TlsConfig.Builder b) {
        if (e.value() instanceof ConfigBoolean bool) {
            b.ocspPeer(bool.value()).ocspPeerOptions(TlsConfig.OcspPeerOptions.DEFAULTS);
            return;
        }
        if (!(e.value() instanceof ConfigMap block)) {
            throw new ConfigException(
                    e.location(),
                    "error parsing ocsp peer config: unsupported type "
                            + e.value().describe());
        }
        TlsConfig.OcspPeerOptions d = TlsConfig.OcspPeerOptions.DEFAULTS;
        boolean verify = false;
        Duration caTimeout = d.caTimeout();
        Duration skew = d.allowedClockSkew();
        Duration ttl = d.cacheTtlWhenNextUpdateUnset();
        boolean warnOnly = false;
        boolean unknownIsGood = false;
        boolean allowUnreachable = false;
        for (ConfigEntry f : block.entries()) {
            switch (f.key().toLowerCase(Locale.ROOT)) {
                case "verify" -> verify = peerBool(f);
                case "allowed_clockskew" -> skew = peerDuration(f, skew);
                case "ca_timeout" -> caTimeout = peerDuration(f, caTimeout);
                case "cache_ttl_when_next_update_unset" -> ttl = peerDuration(f, ttl);
                case "warn_only" -> warnOnly = peerBool(f);
                case "unknown_is_good" -> unknownIsGood = peerBool(f);
                case "allow_when_ca_unreachable" -> allowUnreachable = peerBool(f);
                default ->
                    throw new ConfigException(
                            f.location(), "error parsing tls peer config, unknown field [\"" + f.key() + "\"]");
            }
        }
        b.ocspPeer(verify)
                .ocspPeerOptions(
                        new TlsConfig.OcspPeerOptions(caTimeout, skew, ttl, warnOnly, unknownIsGood, allowUnreachable));
    }

    private static boolean peerBool(ConfigEntry f) {
        if (f.value() instanceof ConfigBoolean bool) {
            return bool.value();
        }
        throw new ConfigException(f.location(), "error parsing tls peer config, unknown field [\"" + f.key() + "\"]");
    }

    /**
     * A duration of {@code ocsp_peer} as {@code nats-server} reads it: seconds (integer or decimal) or a Go
     * duration string; a negative value keeps {@code current} (the default).
     */
    private static Duration peerDuration(ConfigEntry f, Duration current) {
        double seconds;
        if (f.value() instanceof ConfigInteger i && !i.hasSuffix()) {
            seconds = i.value();
        } else if (f.value() instanceof ConfigDecimal dec) {
            seconds = dec.value();
        } else if (f.value() instanceof ConfigString str) {
            try {
                seconds = GoDuration.parseDuration(str.value()).toNanos() / 1e9;
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(
                        f.location(), "error parsing tls peer config, conversion error: " + ex.getMessage());
            }
        } else {
            throw new ConfigException(f.location(), "error parsing tls peer config, conversion error: unexpected type");
        }
        return seconds < 0 ? current : Duration.ofNanos((long) (seconds * 1e9));
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

    private static boolean tlsBool(ConfigEntry e) {
        if (e.value() instanceof ConfigBoolean bool) {
            return bool.value();
        }
        String expected = e.key().equals("insecure")
                        || e.key().equals("allow_insecure_cipher_suites")
                        || e.key().equals("verify_cert_and_check_known_urls")
                ? "error parsing tls config, expected '" + e.key() + "' to be a boolean"
                : "expected a boolean";
        throw new ConfigException(e.location(), expected);
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
