package io.natsspring.broker.internal.launcher.config;

import java.util.Objects;

/** A quoted string, or a bare word that is not a number, size or boolean. */
public record ConfigString(String value, ConfigLocation location) implements ConfigValue {

    public ConfigString {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String describe() {
        return "the string \"" + value + "\"";
    }
}
