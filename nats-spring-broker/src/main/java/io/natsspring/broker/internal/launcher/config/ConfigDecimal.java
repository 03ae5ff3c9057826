package io.natsspring.broker.internal.launcher.config;

import java.util.Objects;

/** A number with a fractional part, such as {@code 0.5}; {@code text} is how it was written. */
public record ConfigDecimal(double value, String text, ConfigLocation location) implements ConfigValue {

    public ConfigDecimal {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String describe() {
        return "the number " + text;
    }
}
