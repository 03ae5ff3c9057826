package io.natsspring.broker.internal.launcher.config;

/**
 * An address written {@code host:port}, {@code :port}, {@code [ipv6]:port} or just {@code port}; {@code host}
 * is {@code null} when not given.
 */
record HostPort(String host, int port) {

    static HostPort of(ConfigEntry e) {
        if (e.value() instanceof ConfigInteger) {
            return new HostPort(null, EntryValues.port(e));
        }
        String text = EntryValues.string(e).trim();
        if (text.matches("\\d{1,5}")) {
            return new HostPort(null, EntryValues.checkPort(e, Integer.parseInt(text)));
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0 || (text.startsWith("[") && !text.substring(0, colon).endsWith("]"))) {
            throw EntryValues.invalid(e, "expected host:port, :port or a port number, found \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = text.substring(colon + 1);
        if (!port.matches("\\d{1,5}")) {
            throw EntryValues.invalid(e, "expected a port number after ':', found \"" + port + "\"");
        }
        return new HostPort(host.isEmpty() ? null : host, EntryValues.checkPort(e, Integer.parseInt(port)));
    }
}
