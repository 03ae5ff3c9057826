package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.PermissionsConfig;
import io.natsspring.broker.UserConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies {@code authorization { token | user + password | users [...], timeout }} to the options. Each
 * element of {@code users} is {@code { user, password, permissions }}.
 */
final class AuthorizationBlock {

    private static final String BLOCK = "authorization";
    private static final Set<String> NOT_SUPPORTED_YET =
            Set.of("permissions", "default_permissions", "auth_callout", "nkeys", "accounts");
    private static final Set<String> USER_NOT_SUPPORTED_YET =
            Set.of("account", "allowed_connection_types", "connection_types");

    private AuthorizationBlock() {}

    static void apply(ConfigEntry authorization, BrokerOptions.Builder options, List<ConfigWarning> warnings) {
        for (ConfigEntry e : EntryValues.block(authorization).entries()) {
            switch (EntryValues.name(e)) {
                case "token" -> options.token(EntryValues.string(e));
                case "user", "username" -> options.user(EntryValues.string(e));
                case "password", "pass" -> options.password(EntryValues.string(e));
                case "timeout" -> SettingProblems.apply(e, () -> options.authTimeout(EntryValues.positiveDuration(e)));
                case "users" -> options.users(users(e, warnings));
                default -> {
                    if (!NOT_SUPPORTED_YET.contains(EntryValues.name(e))) {
                        throw SettingProblems.unknown(e, BLOCK);
                    }
                    warnings.add(SettingProblems.notSupportedYet(e, BLOCK));
                }
            }
        }
    }

    /**
     * Where each user without a password is written: such users are identified by their TLS client certificate,
     * which needs {@code tls { verify_and_map: true }}.
     */
    static List<ConfigLocation> passwordlessUsers(ConfigEntry authorization) {
        List<ConfigLocation> r = new ArrayList<>();
        for (ConfigEntry e : EntryValues.block(authorization).entries()) {
            if (EntryValues.name(e).equals("users")) {
                for (ConfigMap user : EntryValues.blocks(e)) {
                    boolean password = user.entries().stream()
                            .map(EntryValues::name)
                            .anyMatch(n -> n.equals("password") || n.equals("pass") || n.equals("nkey"));
                    if (!password) {
                        r.add(user.location());
                    }
                }
            }
        }
        return r;
    }

    private static List<UserConfig> users(ConfigEntry users, List<ConfigWarning> warnings) {
        List<UserConfig> result = new ArrayList<>();
        for (ConfigMap block : EntryValues.blocks(users)) {
            UserConfig user = user(block, warnings);
            if (user != null) {
                result.add(user);
            }
        }
        return result;
    }

    /** The user, or {@code null} for an nkey user, which is skipped with a warning. */
    private static UserConfig user(ConfigMap block, List<ConfigWarning> warnings) {
        String name = null;
        String password = null;
        PermissionsConfig permissions = null;
        ConfigEntry nkey = null;
        for (ConfigEntry e : block.entries()) {
            switch (EntryValues.name(e)) {
                case "user", "username" -> name = EntryValues.string(e);
                case "password", "pass" -> password = EntryValues.string(e);
                case "permissions" -> permissions = PermissionsBlock.read(e, warnings);
                case "nkey" -> nkey = e;
                default -> {
                    if (!USER_NOT_SUPPORTED_YET.contains(EntryValues.name(e))) {
                        throw SettingProblems.unknown(e, "a user of " + BLOCK);
                    }
                    warnings.add(SettingProblems.notSupportedYet(e, "a user of " + BLOCK));
                }
            }
        }
        if (nkey != null && name == null) {
            warnings.add(new ConfigWarning(
                    nkey.location(), "nkey users are not supported yet by nats-spring-broker; this user is ignored"));
            return null;
        }
        if (name == null) {
            throw new ConfigException(block.location(), "a user of " + BLOCK + " needs a 'user'");
        }
        if (password == null) {
            // identified by its TLS client certificate (tls { verify_and_map }), checked once the file is read
            return UserConfig.certificateUser(name, permissions);
        }
        return new UserConfig(name, password, permissions);
    }
}
