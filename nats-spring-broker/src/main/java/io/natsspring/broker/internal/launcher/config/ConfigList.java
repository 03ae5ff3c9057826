package io.natsspring.broker.internal.launcher.config;

import java.util.List;
import java.util.Objects;

/** An array {@code [a, b, c]}; {@code location} is where its {@code [} was. */
public record ConfigList(List<ConfigValue> items, ConfigLocation location) implements ConfigValue {

    public ConfigList {
        items = List.copyOf(items);
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String describe() {
        return "an array";
    }
}
