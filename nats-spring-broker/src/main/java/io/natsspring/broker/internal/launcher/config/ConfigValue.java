package io.natsspring.broker.internal.launcher.config;

/** A value in a parsed configuration tree; every value knows where it was written. */
public sealed interface ConfigValue
        permits ConfigString, ConfigInteger, ConfigDecimal, ConfigBoolean, ConfigList, ConfigMap {

    ConfigLocation location();

    /** What kind of value this is, with an article, for messages: "a string", "a block", ... */
    String describe();
}
