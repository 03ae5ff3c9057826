package io.natsspring.broker.internal.launcher.config;

import java.util.Objects;

/**
 * One {@code key: value} of a block. {@code location} is where the key was written. {@code variable} is true
 * when the entry was referenced as {@code $key} later in the file: such entries are variables, not settings.
 */
public record ConfigEntry(String key, ConfigLocation location, ConfigValue value, boolean variable) {

    public ConfigEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(value, "value");
    }
}
