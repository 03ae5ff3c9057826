package io.natsspring.broker.internal.launcher.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A block {@code { key: value ... }}, or a whole file. Keys are unique (a repeated key keeps its last value)
 * and kept in the order they were first written.
 */
public record ConfigMap(List<ConfigEntry> entries, ConfigLocation location) implements ConfigValue {

    public ConfigMap {
        entries = List.copyOf(entries);
        Objects.requireNonNull(location, "location");
    }

    /** The entry with exactly this key. */
    public Optional<ConfigEntry> entry(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    @Override
    public String describe() {
        return "a block";
    }
}
