package io.natsspring.broker.internal.launcher.config;

import java.util.Objects;

/** A configuration setting that was accepted but has no effect, with where it was written. */
public record ConfigWarning(ConfigLocation location, String message) {

    public ConfigWarning {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
