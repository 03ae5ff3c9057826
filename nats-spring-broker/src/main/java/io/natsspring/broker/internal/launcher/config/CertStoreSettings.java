package io.natsspring.broker.internal.launcher.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Windows certificate store settings of {@code tls} ({@code cert_store}, {@code cert_match_by},
 * {@code cert_match}, {@code ca_certs_match}, {@code cert_match_skip_invalid}). {@code nats-server} supports the
 * store on Windows only and refuses {@code cert_store} elsewhere with {@code cert_store not compatible with current
 * operating system}; the broker gives that error on every other system and refuses the store on Windows too (it
 * reads PEM files only). The matching settings are checked and, without a store, have no effect.
 */
final class CertStoreSettings {

    private static final Set<String> STORES = Set.of("windowscurrentuser", "windowslocalmachine");
    private static final Set<String> MATCH_BY = Set.of("issuer", "subject", "thumbprint");

    private CertStoreSettings() {}

    static void certStore(ConfigEntry e) {
        if (!(e.value() instanceof ConfigString s) || s.value().isEmpty()) {
            throw new ConfigException(e.location(), "expected 'cert_store' to be a valid non-empty string");
        }
        if (!STORES.contains(s.value().toLowerCase(Locale.ROOT))) {
            throw new ConfigException(e.location(), "cert store type not implemented");
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            throw new ConfigException(e.location(), "cert_store not compatible with current operating system");
        }
        throw new ConfigException(
                e.location(),
                "cert_store: the Windows certificate store is not supported by nats-spring-broker; export the"
                        + " certificate and key as PEM files for cert_file and key_file");
    }

    static void certMatchBy(ConfigEntry e, List<ConfigWarning> warnings) {
        if (!(e.value() instanceof ConfigString s) || s.value().isEmpty()) {
            throw new ConfigException(e.location(), "expected 'cert_match_by' to be a valid non-empty string");
        }
        if (!MATCH_BY.contains(s.value().toLowerCase(Locale.ROOT))) {
            throw new ConfigException(e.location(), "cert match by type not implemented");
        }
        warnings.add(SettingProblems.ignored(e, "it applies to the Windows certificate store ('cert_store') only"));
    }

    static void matchSetting(ConfigEntry e, List<ConfigWarning> warnings) {
        switch (e.key()) {
            case "cert_match" -> {
                if (!(e.value() instanceof ConfigString s) || s.value().isEmpty()) {
                    throw new ConfigException(e.location(), "expected 'cert_match' to be a valid non-empty string");
                }
            }
            case "cert_match_skip_invalid" -> {
                if (!(e.value() instanceof ConfigBoolean)) {
                    throw new ConfigException(e.location(), "expected 'cert_match_skip_invalid' to be a boolean");
                }
            }
            default -> EntryValues.strings(e);
        }
        warnings.add(SettingProblems.ignored(e, "it applies to the Windows certificate store ('cert_store') only"));
    }
}
