package io.natsspring.broker.internal.launcher;

import io.natsspring.broker.BrokerOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code nats-server}-style command line of the standalone broker. As with Go's flag package, a flag may
 * start with {@code -} or {@code --} and take its value as the next argument or after {@code =}
 * ({@code -p 4222}, {@code --port=4222}); boolean flags take no value unless written {@code -js=false}.
 * Flags override the configuration file given with {@code -c}: see {@link #applyTo(BrokerOptions.Builder)}.
 */
final class BrokerCommandLine {

    /** Arguments that can not be parsed; the message names the offending flag or value. */
    public static final class InvalidArgumentsException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidArgumentsException(String message) {
            super(message);
        }
    }

    private enum Flag {
        ADDR("Bind to host address (default: 0.0.0.0)", "host", "a", "addr", "net"),
        PORT("Use port for clients (default: 4222)", "port", "p", "port"),
        NAME("Server name (default: the server id)", "name", "n", "name", "server_name"),
        HTTP_PORT("Use port for HTTP monitoring", "port", "m", "http_port"),
        CONFIG("Configuration file", "file", "c", "config"),
        USER("User required for connections", "user", "user"),
        PASS("Password required for connections", "password", "pass"),
        AUTH("Authorization token required for connections", "token", "auth"),
        JETSTREAM("Enable JetStream functionality", null, "js", "jetstream"),
        STORE_DIR("Set the JetStream storage directory", "dir", "sd", "store_dir"),
        SIGNAL(
                "Send signal to nats-spring-broker process (reload, quit, term, stop, reopen, ldm)",
                "signal>[=<pid>]",
                "sl",
                "signal"),
        HELP("Show this message", null, "h", "help"),
        VERSION("Show version", null, "v", "version");

        final String description;
        final String valueName;
        final List<String> names;

        Flag(String description, String valueName, String... names) {
            this.description = description;
            this.valueName = valueName;
            this.names = List.of(names);
        }

        boolean takesValue() {
            return valueName != null;
        }

        static Optional<Flag> named(String name) {
            return Arrays.stream(values()).filter(f -> f.names.contains(name)).findFirst();
        }
    }

    private String host;
    private Integer port;
    private String serverName;
    private Integer httpPort;
    private Path configFile;
    private String user;
    private String password;
    private String token;
    private Boolean jetStream;
    private Path storeDir;
    private boolean help;
    private boolean version;
    private String signal;

    private BrokerCommandLine() {}

    /** Parses {@code args}; throws {@link InvalidArgumentsException} for unknown flags or bad values. */
    public static BrokerCommandLine parse(String... args) {
        BrokerCommandLine cl = new BrokerCommandLine();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                if (i + 1 < args.length) {
                    throw new InvalidArgumentsException("unexpected argument: " + args[i + 1]);
                }
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                throw new InvalidArgumentsException("unexpected argument: " + arg);
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String dashes = arg.substring(0, arg.length() - body.length());
            Flag flag = Flag.named(name)
                    .orElseThrow(
                            () -> new InvalidArgumentsException("flag provided but not defined: " + dashes + name));
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (!flag.takesValue()) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new InvalidArgumentsException("flag needs an argument: " + dashes + name);
            }
            cl.set(flag, dashes + name, value);
        }
        return cl;
    }

    private void set(Flag flag, String spelled, String value) {
        switch (flag) {
            case ADDR -> host = nonEmpty(spelled, value);
            case PORT -> port = port(spelled, value);
            case NAME -> serverName = nonEmpty(spelled, value);
            case HTTP_PORT -> httpPort = port(spelled, value);
            case CONFIG -> configFile = path(spelled, value);
            case USER -> user = value;
            case PASS -> password = value;
            case AUTH -> token = value;
            case JETSTREAM -> jetStream = bool(spelled, value);
            case STORE_DIR -> storeDir = path(spelled, value);
            case SIGNAL -> signal = nonEmpty(spelled, value);
            case HELP -> help = bool(spelled, value);
            case VERSION -> version = bool(spelled, value);
        }
    }

    private static String nonEmpty(String flag, String value) {
        if (value.isBlank()) {
            throw new InvalidArgumentsException("invalid value \"\" for flag " + flag + ": must not be empty");
        }
        return value;
    }

    private static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidArgumentsException(
                "invalid value \"" + value + "\" for flag " + flag + ": expected a port number between 0 and 65535");
    }

    private static boolean bool(String flag, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "t":
                return true;
            case "false", "0", "f":
                return false;
            default:
                throw new InvalidArgumentsException(
                        "invalid value \"" + value + "\" for flag " + flag + ": expected true or false");
        }
    }

    private static Path path(String flag, String value) {
        try {
            return Path.of(nonEmpty(flag, value));
        } catch (InvalidPathException e) {
            throw new InvalidArgumentsException(
                    "invalid value \"" + value + "\" for flag " + flag + ": " + e.getMessage());
        }
    }

    /** {@code -h}/{@code --help} was given. */
    public boolean helpRequested() {
        return help;
    }

    /** The {@code -sl}/{@code --signal} value ({@code reload}, {@code reload=<pid>}...), if given. */
    public Optional<String> signal() {
        return Optional.ofNullable(signal);
    }

    /** {@code -v}/{@code --version} was given. */
    public boolean versionRequested() {
        return version;
    }

    /** The file given with {@code -c}/{@code --config}. */
    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** Sets on {@code options} every setting given as a flag, leaving the others (e.g. from a file) as they are. */
    public BrokerOptions.Builder applyTo(BrokerOptions.Builder options) {
        if (host != null) {
            options.host(host);
        }
        if (port != null) {
            options.port(port);
        }
        if (serverName != null) {
            options.serverName(serverName);
        }
        if (httpPort != null) {
            options.httpPort(httpPort);
        }
        if (user != null) {
            options.user(user);
        }
        if (password != null) {
            options.password(password);
        }
        if (token != null) {
            options.token(token);
        }
        if (jetStream != null) {
            options.jetStream(jetStream);
        }
        if (storeDir != null) {
            options.storeDir(storeDir);
        }
        return options;
    }

    /** The help text listing every flag. */
    public static String usage() {
        StringBuilder s = new StringBuilder("Usage: nats-spring-broker [options]\n");
        section(s, "Server options:", Flag.ADDR, Flag.PORT, Flag.NAME, Flag.HTTP_PORT, Flag.CONFIG);
        section(s, "Authorization options:", Flag.USER, Flag.PASS, Flag.AUTH);
        section(s, "JetStream options:", Flag.JETSTREAM, Flag.STORE_DIR);
        section(s, "Common options:", Flag.SIGNAL, Flag.HELP, Flag.VERSION);
        s.append("\nFlags may be written -flag value, --flag value, -flag=value or --flag=value.\n")
                .append("Flags override the settings of the configuration file.\n");
        return s.toString();
    }

    private static void section(StringBuilder s, String title, Flag... flags) {
        s.append('\n').append(title).append('\n');
        for (Flag f : flags) {
            StringBuilder spelled = new StringBuilder();
            for (String name : f.names) {
                spelled.append(spelled.length() == 0 ? "" : ", ")
                        .append(name.length() <= 2 ? "-" : "--")
                        .append(name);
            }
            if (f.takesValue()) {
                // a value name with an optional part ("signal>[=<pid>]") carries its own closing bracket
                spelled.append(" <").append(f.valueName).append(f.valueName.endsWith("]") ? "" : ">");
            }
            s.append(String.format("    %-34s %s", spelled, f.description)).append('\n');
        }
    }
}
