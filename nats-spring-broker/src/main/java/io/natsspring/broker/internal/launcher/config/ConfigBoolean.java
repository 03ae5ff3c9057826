package io.natsspring.broker.internal.launcher.config;

import java.util.Objects;

/** A boolean, written {@code true/false}, {@code yes/no} or {@code on/off} (any case). */
public record ConfigBoolean(boolean value, ConfigLocation location) implements ConfigValue {

    public ConfigBoolean {
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String describe() {
        return "the boolean " + value;
    }
}
