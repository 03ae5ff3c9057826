package io.natsspring.broker.internal.launcher.config;

/**
 * A configuration file that can not be read, parsed or applied. The message starts with {@code file:line: }
 * when the problem has a place in a file.
 */
public final class ConfigException extends RuntimeException {

    private final transient ConfigLocation location;
    private final String detail;

    public ConfigException(ConfigLocation location, String detail) {
        this(location, detail, null);
    }

    public ConfigException(ConfigLocation location, String detail, Throwable cause) {
        super(location == null ? detail : location + ": " + detail, cause);
        this.location = location;
        this.detail = detail;
    }

    /** The place of the problem, or {@code null} when it concerns a whole file (e.g. one that is missing). */
    public ConfigLocation location() {
        return location;
    }

    /** The message without the location prefix. */
    public String detail() {
        return detail;
    }
}
