package io.natsspring.broker.internal.launcher.config;

/** The messages for settings that are not applied: unknown ones (errors) and unsupported ones (warnings). */
final class SettingProblems {

    private SettingProblems() {}

    static ConfigException unknown(ConfigEntry e, String block) {
        return new ConfigException(e.location(), "unknown setting '" + e.key() + "'" + in(block));
    }

    static ConfigWarning notSupportedYet(ConfigEntry e, String block) {
        return new ConfigWarning(
                e.location(),
                "'" + e.key() + "'" + in(block)
                        + " is a nats-server setting that nats-spring-broker does not support yet; it is ignored");
    }

    static ConfigWarning ignored(ConfigEntry e, String reason) {
        return new ConfigWarning(e.location(), "'" + e.key() + "' is ignored: " + reason);
    }

    /** Runs a builder setter, turning its {@link IllegalArgumentException} into an error at the value. */
    static void apply(ConfigEntry e, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException ex) {
            throw EntryValues.invalid(e, ex.getMessage());
        }
    }

    private static String in(String block) {
        return block == null ? "" : " in " + block;
    }
}
