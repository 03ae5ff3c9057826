package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.TlsConfig;
import java.util.List;
import java.util.Locale;

/**
 * Reads the top-level {@code ocsp: true | false | { mode: auto | always | must | never, url, urls }} as
 * {@code nats-server} does ({@code true} is mode {@code auto}, {@code false} mode {@code never}).
 */
final class OcspBlock {

    private OcspBlock() {}

    /** The mode and the responders that replace the certificate's ({@code url}, {@code urls}; the last wins). */
    record Ocsp(TlsConfig.OcspMode mode, List<String> urls) {}

    static Ocsp read(ConfigEntry ocsp) {
        if (ocsp.value() instanceof ConfigBoolean b) {
            return new Ocsp(b.value() ? TlsConfig.OcspMode.AUTO : TlsConfig.OcspMode.NEVER, List.of());
        }
        if (!(ocsp.value() instanceof ConfigMap block)) {
            throw new ConfigException(
                    ocsp.location(),
                    "error parsing ocsp config: unsupported type "
                            + ocsp.value().describe());
        }
        TlsConfig.OcspMode mode = TlsConfig.OcspMode.AUTO;
        List<String> urls = List.of();
        for (ConfigEntry e : block.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (e.key()) {
                case "mode" -> {
                    String m = EntryValues.string(e);
                    mode = switch (m.toLowerCase(Locale.ROOT)) {
                        case "always" -> TlsConfig.OcspMode.ALWAYS;
                        case "must" -> TlsConfig.OcspMode.MUST;
                        case "never" -> TlsConfig.OcspMode.NEVER;
                        case "auto" -> TlsConfig.OcspMode.AUTO;
                        default ->
                            throw new ConfigException(
                                    e.location(), "error parsing ocsp config: unsupported ocsp mode \"" + m + "\"");
                    };
                }
                case "url" -> urls = List.of(EntryValues.string(e));
                case "urls" -> urls = EntryValues.strings(e);
                default ->
                    throw new ConfigException(
                            e.location(), "error parsing ocsp config: unsupported field \"" + e.key() + "\"");
            }
        }
        return new Ocsp(mode, urls);
    }
}
