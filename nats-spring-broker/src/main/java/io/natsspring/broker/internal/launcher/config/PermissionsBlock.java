package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.AllowResponses;
import io.natsspring.broker.PermissionsConfig;
import io.natsspring.broker.internal.time.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a user's {@code permissions { publish: ..., subscribe: ..., allow_responses: ... }}. Each of
 * {@code publish} ({@code pub}, {@code import}) and {@code subscribe} ({@code sub}, {@code export}) is a subject,
 * an array of subjects (both meaning allow), or a block {@code { allow: ..., deny: ... }}. {@code allow_responses}
 * ({@code publish_allow_responses}) is {@code true}/{@code false} or {@code { max, expires }}.
 */
final class PermissionsBlock {

    private PermissionsBlock() {}

    static PermissionsConfig read(ConfigEntry permissions, List<ConfigWarning> warnings) {
        List<String> pubAllow = new ArrayList<>();
        List<String> pubDeny = new ArrayList<>();
        List<String> subAllow = new ArrayList<>();
        List<String> subDeny = new ArrayList<>();
        AllowResponses responses = null;
        for (ConfigEntry e : EntryValues.block(permissions).entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "publish", "pub", "import" -> readDirection(e, pubAllow, pubDeny);
                case "subscribe", "sub", "export" -> readDirection(e, subAllow, subDeny);
                case "allow_responses", "publish_allow_responses" -> responses = responses(e);
                default -> throw SettingProblems.unknown(e, "permissions");
            }
        }
        return new PermissionsConfig(pubAllow, pubDeny, subAllow, subDeny, responses);
    }

    private static AllowResponses responses(ConfigEntry e) {
        if (e.value() instanceof ConfigBoolean b) {
            return b.value() ? AllowResponses.DEFAULT : null;
        }
        if (!(e.value() instanceof ConfigMap block)) {
            throw EntryValues.invalid(
                    e,
                    "expected a boolean or a block { max, expires }, found "
                            + e.value().describe());
        }
        int max = AllowResponses.DEFAULT.maxMsgs();
        Duration expires = AllowResponses.DEFAULT.expires();
        for (ConfigEntry r : block.entries()) {
            if (r.variable()) {
                continue;
            }
            switch (EntryValues.name(r)) {
                case "max", "max_msgs", "max_messages", "max_responses" -> {
                    long n = EntryValues.integer(r);
                    if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
                        throw EntryValues.invalid(r, "out of range");
                    }
                    // as nats-server: 0 keeps the default, negative is unlimited
                    if (n != 0) {
                        max = (int) n;
                    }
                }
                case "expires", "expiration", "ttl" -> {
                    if (!(r.value() instanceof ConfigString s)) {
                        throw EntryValues.invalid(r, "not a duration string");
                    }
                    Duration d;
                    try {
                        d = GoDuration.parseDuration(s.value());
                    } catch (IllegalArgumentException ex) {
                        throw EntryValues.invalid(r, "error parsing expires: " + ex.getMessage());
                    }
                    if (!d.isZero()) {
                        expires = d;
                    }
                }
                default -> throw SettingProblems.unknown(r, "allow_responses");
            }
        }
        return new AllowResponses(max, expires);
    }

    private static void readDirection(ConfigEntry direction, List<String> allow, List<String> deny) {
        if (!(direction.value() instanceof ConfigMap block)) {
            allow.addAll(EntryValues.strings(direction));
            return;
        }
        for (ConfigEntry e : block.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "allow" -> allow.addAll(EntryValues.strings(e));
                case "deny" -> deny.addAll(EntryValues.strings(e));
                default -> throw SettingProblems.unknown(e, "'" + direction.key() + "' (expected allow or deny)");
            }
        }
    }
}
