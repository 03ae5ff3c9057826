package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.internal.monitor.FeatureFlags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code feature_flags { name: true|false, … }} as {@code nats-server} 2.15.1 does: every value must be a
 * boolean (else an error naming the flag and line); a flag that server does not know is ignored with a warning (it
 * logs it as unsupported).
 */
final class FeatureFlagsBlock {

    private FeatureFlagsBlock() {}

    static Map<String, Boolean> read(ConfigEntry e, List<ConfigWarning> warnings) {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        for (ConfigEntry f : EntryValues.block(e).entries()) {
            if (f.variable()) {
                continue;
            }
            boolean value = EntryValues.bool(f);
            if (FeatureFlags.known(f.key())) {
                flags.put(f.key(), value);
            } else {
                warnings.add(SettingProblems.ignored(f, "not a feature flag of nats-server 2.15.1"));
            }
        }
        return flags;
    }
}
