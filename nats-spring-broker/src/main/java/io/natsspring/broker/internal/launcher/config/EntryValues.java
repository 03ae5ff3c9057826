package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.internal.time.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the value of an entry as the type a setting needs, failing with the entry's key and line. */
final class EntryValues {

    private EntryValues() {}

    /** Scalars as text: numbers and booleans as written, so {@code token: 12345} is the string "12345". */
    static String string(ConfigEntry e) {
        ConfigValue v = e.value();
        if (v instanceof ConfigString s) {
            return s.value();
        }
        if (v instanceof ConfigInteger i) {
            return i.text();
        }
        if (v instanceof ConfigDecimal d) {
            return d.text();
        }
        if (v instanceof ConfigBoolean b) {
            return String.valueOf(b.value());
        }
        throw invalid(e, "expected a string, found " + v.describe());
    }

    static boolean bool(ConfigEntry e) {
        ConfigValue v = e.value();
        if (v instanceof ConfigBoolean b) {
            return b.value();
        }
        if (v instanceof ConfigString s && BareWords.toValue(s.value(), s.location()) instanceof ConfigBoolean b) {
            return b.value();
        }
        throw invalid(e, "expected true or false, found " + v.describe());
    }

    static long integer(ConfigEntry e) {
        ConfigValue v = e.value();
        if (v instanceof ConfigInteger i && !i.hasSuffix()) {
            return i.value();
        }
        if (v instanceof ConfigString s
                && BareWords.toValue(s.value(), s.location()) instanceof ConfigInteger i
                && !i.hasSuffix()) {
            return i.value();
        }
        throw invalid(e, "expected an integer, found " + v.describe());
    }

    static int positiveInt(ConfigEntry e) {
        long n = integer(e);
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw invalid(e, "expected a positive integer up to " + Integer.MAX_VALUE + ", found " + n);
        }
        return (int) n;
    }

    static int port(ConfigEntry e) {
        return checkPort(e, integer(e));
    }

    static int checkPort(ConfigEntry e, long port) {
        if (port < 0 || port > 65535) {
            throw invalid(e, "expected a port number between 0 and 65535, found " + port);
        }
        return (int) port;
    }

    /** A size in bytes: an integer, optionally with a unit ({@code 1MB}), bare or quoted. */
    static long size(ConfigEntry e) {
        ConfigValue v = e.value();
        ConfigValue n =
                v instanceof ConfigString s ? BareWords.toValue(s.value().trim(), s.location()) : v;
        if (n instanceof ConfigInteger i) {
            if (i.value() < 0) {
                throw invalid(e, "expected a size in bytes, found the negative " + v.describe());
            }
            return i.value();
        }
        throw invalid(e, "expected a size such as 1048576, 1MB or 512K, found " + v.describe());
    }

    /** A size that also accepts {@code -1} for unlimited. */
    static long sizeOrUnlimited(ConfigEntry e) {
        if (e.value() instanceof ConfigInteger i && i.value() == -1 && !i.hasSuffix()) {
            return -1;
        }
        return size(e);
    }

    static int positiveIntSize(ConfigEntry e) {
        long n = size(e);
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw invalid(
                    e,
                    "expected a positive size up to " + Integer.MAX_VALUE + " bytes, found "
                            + e.value().describe());
        }
        return (int) n;
    }

    /**
     * A positive duration: a string such as {@code "2m"} or {@code 1h30m}, or a number of seconds. A number
     * written with a size-like suffix ({@code 2m} unquoted) is read as the duration it spells.
     */
    static Duration positiveDuration(ConfigEntry e) {
        ConfigValue v = e.value();
        Duration d;
        try {
            if (v instanceof ConfigInteger i) {
                d = i.hasSuffix() ? GoDuration.parseDuration(i.text()) : Duration.ofSeconds(i.value());
            } else if (v instanceof ConfigDecimal n) {
                d = Duration.ofNanos(Math.round(n.value() * 1_000_000_000d));
            } else if (v instanceof ConfigString s) {
                d = GoDuration.parseDuration(s.value());
            } else {
                throw invalid(e, "expected a duration such as \"2m\" or a number of seconds, found " + v.describe());
            }
        } catch (IllegalArgumentException ex) {
            throw invalid(e, "not a duration (examples: 500ms, 10s, 2m, 1h30m): " + ex.getMessage());
        }
        if (d.isNegative() || d.isZero()) {
            throw invalid(e, "expected a positive duration, found " + v.describe());
        }
        return d;
    }

    static ConfigMap block(ConfigEntry e) {
        if (e.value() instanceof ConfigMap m) {
            return m;
        }
        throw invalid(e, "expected a block { ... }, found " + e.value().describe());
    }

    static List<ConfigMap> blocks(ConfigEntry e) {
        ConfigValue v = e.value();
        List<ConfigValue> items = v instanceof ConfigList l ? l.items() : List.of(v);
        List<ConfigMap> blocks = new ArrayList<>();
        for (ConfigValue item : items) {
            if (!(item instanceof ConfigMap m)) {
                throw new ConfigException(
                        item.location(),
                        "invalid value for '" + e.key() + "': expected blocks { ... }, found " + item.describe());
            }
            blocks.add(m);
        }
        return blocks;
    }

    /** A single string or an array of strings. */
    static List<String> strings(ConfigEntry e) {
        ConfigValue v = e.value();
        List<ConfigValue> items = v instanceof ConfigList l ? l.items() : List.of(v);
        List<String> strings = new ArrayList<>();
        for (ConfigValue item : items) {
            if (item instanceof ConfigMap || item instanceof ConfigList) {
                throw new ConfigException(
                        item.location(),
                        "invalid value for '" + e.key() + "': expected a string or an array of strings, found "
                                + item.describe());
            }
            strings.add(string(new ConfigEntry(e.key(), item.location(), item, false)));
        }
        return strings;
    }

    /** The key in lower case: {@code nats-server} matches setting names without regard to case. */
    static String name(ConfigEntry e) {
        return e.key().toLowerCase(Locale.ROOT);
    }

    static ConfigException invalid(ConfigEntry e, String detail) {
        return new ConfigException(e.value().location(), "invalid value for '" + e.key() + "': " + detail);
    }
}
