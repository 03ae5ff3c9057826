package io.natsspring.boot.testcontainers;

/**
 * The credentials a nats-server command line requires of clients: {@code --user}, {@code --pass} and
 * {@code --auth}, each also accepted with one dash and as {@code --flag=value}, as nats-server parses them.
 *
 * @param user     value of {@code --user}, or {@code null}
 * @param password value of {@code --pass}, or {@code null}
 * @param token    value of {@code --auth}, or {@code null}
 */
record NatsServerCommand(String user, String password, String token) {

    /** Reads the credential flags from the container's command parts; other arguments are ignored. */
    static NatsServerCommand parse(String[] parts) {
        String user = null;
        String password = null;
        String token = null;
        for (int i = 0; parts != null && i < parts.length; i++) {
            String arg = parts[i];
            if (arg == null || !arg.startsWith("-")) {
                continue;
            }
            String flag = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String value = null;
            int eq = flag.indexOf('=');
            if (eq >= 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            if (!flag.equals("user") && !flag.equals("pass") && !flag.equals("auth")) {
                continue;
            }
            if (value == null) {
                if (i + 1 >= parts.length) {
                    break;
                }
                value = parts[++i];
            }
            switch (flag) {
                case "user" -> user = value;
                case "pass" -> password = value;
                default -> token = value;
            }
        }
        return new NatsServerCommand(user, password, token);
    }
}
