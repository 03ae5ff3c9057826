package io.natsspring.broker.internal.launcher.config;

/**
 * Reads {@code allow_trace} of a service export or a stream import: a boolean, anything else refused with the text
 * {@code nats-server} prints for it (its type assertion's panic, at the key's position).
 */
final class AllowTrace {

    private AllowTrace() {}

    static boolean read(ConfigEntry e) {
        ConfigValue v = e.value();
        if (v instanceof ConfigBoolean b) {
            return b.value();
        }
        String goType = v instanceof ConfigString
                ? "string"
                : v instanceof ConfigInteger
                        ? "int64"
                        : v instanceof ConfigDecimal
                                ? "float64"
                                : v instanceof ConfigList ? "[]interface {}" : "map[string]interface {}";
        throw new ConfigException(e.location(), "interface conversion: interface {} is " + goType + ", not bool");
    }
}
