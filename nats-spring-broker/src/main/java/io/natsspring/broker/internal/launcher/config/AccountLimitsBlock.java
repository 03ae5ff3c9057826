package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.AccountConfig;

/**
 * Reads an account's {@code limits { max_connections | max_conn, max_subscriptions | max_subs, max_payload |
 * max_pay, max_leafnodes | max_leafs }} as {@code nats-server} does: integers, {@code -1} unlimited; an unknown key
 * is an error naming its line.
 */
final class AccountLimitsBlock {

    private AccountLimitsBlock() {}

    static AccountConfig.Limits read(ConfigEntry limits) {
        if (!(limits.value() instanceof ConfigMap block)) {
            throw new ConfigException(
                    limits.location(),
                    "Expected account limits to be a map/struct, got "
                            + limits.value().describe());
        }
        int connections = -1;
        int subscriptions = -1;
        int payload = -1;
        int leafNodes = -1;
        for (ConfigEntry e : block.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "max_connections", "max_conn" -> connections = limit(e);
                case "max_subscriptions", "max_subs" -> subscriptions = limit(e);
                case "max_payload", "max_pay" -> payload = limit(e);
                case "max_leafnodes", "max_leafs" -> leafNodes = limit(e);
                default ->
                    throw new ConfigException(e.location(), "Unknown field \"" + e.key() + "\" parsing account limits");
            }
        }
        return new AccountConfig.Limits(connections, subscriptions, payload, leafNodes);
    }

    private static int limit(ConfigEntry e) {
        long n = EntryValues.integer(e);
        if (n < -1 || n > Integer.MAX_VALUE) {
            throw EntryValues.invalid(e, "expected -1 (unlimited) or a limit up to " + Integer.MAX_VALUE);
        }
        return (int) n;
    }
}
