package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.PermissionsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a user's {@code permissions { publish: ..., subscribe: ... }}. Each of {@code publish}
 * ({@code pub}) and {@code subscribe} ({@code sub}) is a subject, an array of subjects (both meaning
 * allow), or a block {@code { allow: ..., deny: ... }}.
 */
final class PermissionsBlock {

    private static final Set<String> NOT_SUPPORTED_YET = Set.of("allow_responses", "responses");

    private PermissionsBlock() {}

    static PermissionsConfig read(ConfigEntry permissions, List<ConfigWarning> warnings) {
        List<String> pubAllow = new ArrayList<>();
        List<String> pubDeny = new ArrayList<>();
        List<String> subAllow = new ArrayList<>();
        List<String> subDeny = new ArrayList<>();
        for (ConfigEntry e : EntryValues.block(permissions).entries()) {
            switch (EntryValues.name(e)) {
                case "publish", "pub" -> readDirection(e, pubAllow, pubDeny);
                case "subscribe", "sub" -> readDirection(e, subAllow, subDeny);
                default -> {
                    if (!NOT_SUPPORTED_YET.contains(EntryValues.name(e))) {
                        throw SettingProblems.unknown(e, "permissions");
                    }
                    warnings.add(SettingProblems.notSupportedYet(e, "permissions"));
                }
            }
        }
        return new PermissionsConfig(pubAllow, pubDeny, subAllow, subDeny);
    }

    private static void readDirection(ConfigEntry direction, List<String> allow, List<String> deny) {
        if (!(direction.value() instanceof ConfigMap block)) {
            allow.addAll(EntryValues.strings(direction));
            return;
        }
        for (ConfigEntry e : block.entries()) {
            switch (EntryValues.name(e)) {
                case "allow" -> allow.addAll(EntryValues.strings(e));
                case "deny" -> deny.addAll(EntryValues.strings(e));
                default -> throw SettingProblems.unknown(e, "'" + direction.key() + "' (expected allow or deny)");
            }
        }
    }
}
