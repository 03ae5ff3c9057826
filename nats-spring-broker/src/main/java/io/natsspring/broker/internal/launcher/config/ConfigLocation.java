package io.natsspring.broker.internal.launcher.config;

import java.util.Objects;

/** Where something was written in a configuration file: the file as named to the parser, and a 1-based line. */
public record ConfigLocation(String file, int line) {

    public ConfigLocation {
        Objects.requireNonNull(file, "file");
    }

    /** {@code file:line}, the prefix of every configuration message. */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
