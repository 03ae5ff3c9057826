package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.BrokerOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies {@code jetstream}: a boolean, {@code enabled}/{@code disabled}, or a block (which enables it unless
 * it says {@code enabled: false}) with {@code store_dir}, {@code max_memory_store}, {@code max_file_store},
 * {@code sync_interval} (a duration or {@code always}), {@code request_queue_limit}, {@code info_queue_limit} and {@code domain};
 * and this broker's own {@code ingest_heap_percent} (see {@link BrokerOptions#jetStreamIngestHeapPercent()}).
 */
final class JetStreamBlock {

    private static final String BLOCK = "jetstream";
    private static final Set<String> NOT_SUPPORTED_YET = Set.of(
            "unique_tag",
            "max_outstanding_catchup",
            "max_buffered_msgs",
            "max_buffered_size",
            "limits",
            "cipher",
            "key",
            "prev_key",
            "strict",
            "extension_hint",
            "max_ack_pending",
            "max_ha_assets",
            "compress_ok",
            "tpm");

    private JetStreamBlock() {}

    static void apply(ConfigEntry jetstream, BrokerOptions.Builder options, List<ConfigWarning> warnings) {
        if (!(jetstream.value() instanceof ConfigMap block)) {
            options.jetStream(enabled(jetstream));
            return;
        }
        options.jetStream(true);
        for (ConfigEntry e : block.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "enabled", "enable" -> options.jetStream(EntryValues.bool(e));
                case "store_dir", "storedir", "store" -> options.storeDir(path(e));
                case "max_memory_store", "max_mem_store", "max_mem" ->
                    options.maxMemoryStore(EntryValues.sizeOrUnlimited(e));
                case "max_file_store", "max_file" -> options.maxFileStore(EntryValues.sizeOrUnlimited(e));
                case "sync_interval", "sync" -> syncInterval(e, options);
                case "request_queue_limit" -> options.jetStreamRequestQueueLimit(EntryValues.positiveInt(e));
                case "info_queue_limit" -> options.jetStreamInfoQueueLimit(EntryValues.positiveInt(e));
                case "ingest_heap_percent" -> ingestHeapPercent(e, options);
                case "domain" -> SettingProblems.apply(e, () -> options.jetStreamDomain(EntryValues.string(e)));
                default -> {
                    if (!NOT_SUPPORTED_YET.contains(EntryValues.name(e))) {
                        throw SettingProblems.unknown(e, BLOCK);
                    }
                    warnings.add(SettingProblems.notSupportedYet(e, BLOCK));
                }
            }
        }
    }

    private static boolean enabled(ConfigEntry e) {
        if (e.value() instanceof ConfigString s) {
            switch (s.value().toLowerCase(Locale.ROOT)) {
                case "enabled", "enable":
                    return true;
                case "disabled", "disable":
                    return false;
                default:
                    break;
            }
        }
        if (e.value() instanceof ConfigBoolean b) {
            return b.value();
        }
        throw EntryValues.invalid(
                e,
                "expected true, false, enabled, disabled or a block { ... }, found "
                        + e.value().describe());
    }

    private static void syncInterval(ConfigEntry e, BrokerOptions.Builder options) {
        if (e.value() instanceof ConfigString s && s.value().equalsIgnoreCase("always")) {
            options.syncAlways(true);
            return;
        }
        options.syncAlways(false);
        SettingProblems.apply(e, () -> options.syncInterval(EntryValues.positiveDuration(e)));
    }

    private static void ingestHeapPercent(ConfigEntry e, BrokerOptions.Builder options) {
        long percent = EntryValues.integer(e);
        if (percent < 1 || percent > 90) {
            throw EntryValues.invalid(e, "expected a percentage of the maximum heap from 1 to 90, found " + percent);
        }
        options.jetStreamIngestHeapPercent((int) percent);
    }

    private static Path path(ConfigEntry e) {
        String dir = EntryValues.string(e);
        try {
            return Path.of(dir);
        } catch (InvalidPathException ex) {
            throw EntryValues.invalid(e, "not a valid path: " + ex.getMessage());
        }
    }
}
