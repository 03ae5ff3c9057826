package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.internal.time.GoDuration;
import java.time.Duration;

/**
 * {@code lame_duck_duration} and {@code lame_duck_grace_period}, read as {@code nats-server} reads them: a Go
 * duration ({@code "30s"}, {@code 2m}), the duration at least 30 seconds, the grace period not negative; with its
 * error texts, at the value's file and line.
 */
final class LameDuckSettings {

    private static final Duration MIN_DURATION = Duration.ofSeconds(30);

    private LameDuckSettings() {}

    static Duration duration(ConfigEntry e) {
        Duration d = parse(e, "lame_duck_duration");
        if (d.compareTo(MIN_DURATION) < 0) {
            throw new ConfigException(
                    e.value().location(),
                    "invalid lame_duck_duration of " + GoDuration.format(d) + ", minimum is 30 seconds");
        }
        return d;
    }

    static Duration gracePeriod(ConfigEntry e) {
        Duration d = parse(e, "lame_duck_grace_period");
        if (d.isNegative()) {
            throw new ConfigException(e.value().location(), "invalid lame_duck_grace_period, needs to be positive");
        }
        return d;
    }

    private static Duration parse(ConfigEntry e, String key) {
        String text;
        if (e.value() instanceof ConfigString s) {
            text = s.value();
        } else if (e.value() instanceof ConfigInteger i && i.hasSuffix()) {
            text = i.text();
        } else {
            throw new ConfigException(
                    e.value().location(),
                    "error parsing " + key + ": expected a duration such as \"2m\", found "
                            + e.value().describe());
        }
        try {
            return GoDuration.parseDuration(text);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(e.value().location(), "error parsing " + key + ": " + ex.getMessage());
        }
    }
}
