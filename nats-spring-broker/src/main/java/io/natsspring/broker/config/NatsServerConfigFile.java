package io.natsspring.broker.config;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import io.natsspring.broker.internal.launcher.config.ConfigException;
import io.natsspring.broker.internal.launcher.config.ConfigWarning;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@code nats-server} configuration file read as the {@code nats-spring-broker -c FILE} command reads it: the same
 * syntax ({@code include}, variables, environment), the same settings, the same errors. Settings the broker accepts
 * without effect are returned as {@link #warnings()} (and logged); anything else it can not apply fails with a
 * {@link ConfigFileException} naming file, line and key.
 */
public final class NatsServerConfigFile {

    private final Path file;
    private final BrokerOptions options;
    private final List<String> warnings;

    private NatsServerConfigFile(Path file, BrokerOptions options, List<String> warnings) {
        this.file = file;
        this.options = options;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads {@code file}; {@code $VARIABLES} not defined in it come from the process environment.
     *
     * @throws ConfigFileException when the file is missing, malformed, or has a setting that can not be applied
     */
    public static NatsServerConfigFile read(Path file) {
        return read(file, System::getenv);
    }

    /**
     * Reads {@code file}, resolving variables not defined in it with {@code environment} (which returns
     * {@code null} for an unknown name).
     *
     * @throws ConfigFileException when the file is missing, malformed, or has a setting that can not be applied
     */
    public static NatsServerConfigFile read(Path file, Function<String, String> environment) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(environment, "environment");
        try {
            BrokerConfigFile config = BrokerConfigFile.load(file, environment);
            return new NatsServerConfigFile(
                    file,
                    config.options(),
                    config.warnings().stream().map(ConfigWarning::toString).toList());
        } catch (ConfigException e) {
            throw e.location() == null
                    ? new ConfigFileException(null, 0, e.getMessage(), e)
                    : new ConfigFileException(e.location().file(), e.location().line(), e.detail(), e);
        }
    }

    /** The file that was read. */
    public Path file() {
        return file;
    }

    /** The options the file describes (the defaults of {@link BrokerOptions} for what it does not set). */
    public BrokerOptions options() {
        return options;
    }

    /** Settings accepted without effect ({@code file:line: message}), in file order. */
    public List<String> warnings() {
        return warnings;
    }
}
