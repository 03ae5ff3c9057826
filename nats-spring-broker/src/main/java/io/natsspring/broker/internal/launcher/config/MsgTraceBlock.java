package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.internal.routing.Subjects;
import java.util.List;

/**
 * Reads an account's {@code msg_trace: subject} or {@code msg_trace { dest, sampling }} (also {@code trace_dest})
 * as {@code nats-server} does: {@code dest} a valid publish subject, {@code sampling} an integer or a percentage
 * ({@code 50%}) from 1 to 100 (default 100); a sampling without destination is ignored with a warning.
 */
final class MsgTraceBlock {

    private MsgTraceBlock() {}

    /** The account's trace destination, or {@code null} when the block sets none. */
    static AccountConfig.MsgTrace read(ConfigEntry entry, List<ConfigWarning> warnings) {
        String key = EntryValues.name(entry);
        if (entry.value() instanceof ConfigString s) {
            return new AccountConfig.MsgTrace(dest(entry, s.value()), 100);
        }
        if (!(entry.value() instanceof ConfigMap block)) {
            throw new ConfigException(
                    entry.location(),
                    "Expected account message trace \"" + key + "\" to be a string or a map/struct, got "
                            + entry.value().describe());
        }
        String dest = null;
        int sampling = 0;
        for (ConfigEntry e : block.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "dest" -> {
                    if (!(e.value() instanceof ConfigString s)) {
                        throw new ConfigException(
                                e.location(),
                                "Field \"" + e.key() + "\" should be a string, got "
                                        + e.value().describe());
                    }
                    dest = dest(e, s.value());
                }
                case "sampling" -> sampling = sampling(e);
                default ->
                    throw new ConfigException(
                            e.location(),
                            "Unknown field \"" + e.key() + "\" parsing account message trace map/struct \"" + key
                                    + "\"");
            }
        }
        if (dest == null) {
            if (sampling > 0) {
                warnings.add(new ConfigWarning(
                        entry.location(), "Trace destination sampling ignored since no destination was set"));
            }
            return null;
        }
        return new AccountConfig.MsgTrace(dest, sampling == 0 ? 100 : sampling);
    }

    private static String dest(ConfigEntry e, String dest) {
        if (!Subjects.isValidPublishSubject(dest)) {
            throw new ConfigException(e.location(), "Trace destination \"" + dest + "\" is not valid");
        }
        return dest;
    }

    private static int sampling(ConfigEntry e) {
        long n;
        if (e.value() instanceof ConfigInteger i) {
            n = i.value();
        } else if (e.value() instanceof ConfigString s) {
            String text = s.value();
            String number = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
            try {
                n = Long.parseLong(number);
            } catch (NumberFormatException ex) {
                throw new ConfigException(e.location(), "Invalid trace destination sampling value \"" + text + "\"");
            }
        } else {
            throw new ConfigException(
                    e.location(),
                    "Trace destination sampling field \"" + e.key() + "\" should be an integer or a percentage, got "
                            + e.value().describe());
        }
        if (n <= 0 || n > 100) {
            // sic: nats-server's wording
            throw new ConfigException(
                    e.location(), "Ttrace destination sampling value " + n + " is invalid, needs to be [1..100]");
        }
        return (int) n;
    }
}
