package io.natsspring.broker.internal.launcher.config;

import java.util.Objects;

/**
 * An integer, possibly written with a size suffix: {@code text} is how it was written ({@code "4222"},
 * {@code "1MB"}, {@code "2m"}), {@code value} the number after applying the suffix.
 */
public record ConfigInteger(long value, String text, ConfigLocation location) implements ConfigValue {

    public ConfigInteger {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(location, "location");
    }

    /** True when the number was written with a unit suffix such as {@code K} or {@code MB}. */
    public boolean hasSuffix() {
        return !Character.isDigit(text.charAt(text.length() - 1));
    }

    @Override
    public String describe() {
        return "the number " + text;
    }
}
