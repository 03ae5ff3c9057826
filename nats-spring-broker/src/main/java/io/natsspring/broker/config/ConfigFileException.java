package io.natsspring.broker.config;

/**
 * A {@code nats-server} configuration file that can not be read, parsed or applied. The message starts with
 * {@code file:line: } when the problem has a place in the file, and names the key ({@code invalid value for 'port':
 * ...}, {@code unknown setting 'prot'}).
 */
public final class ConfigFileException extends RuntimeException {

    private final String file;
    private final int line;
    private final String detail;

    /**
     * @param file   the file as it was named, or {@code null} when the problem concerns no place in a file
     * @param line   the 1-based line, or 0 when unknown
     * @param detail the message without the location
     */
    public ConfigFileException(String file, int line, String detail, Throwable cause) {
        super(file == null ? detail : file + ":" + line + ": " + detail, cause);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    /** The file of the problem as it was named (an included file when the mistake is there), or {@code null}. */
    public String file() {
        return file;
    }

    /** The 1-based line of the problem, 0 when unknown. */
    public int line() {
        return line;
    }

    /** The message without the {@code file:line: } prefix. */
    public String detail() {
        return detail;
    }
}
