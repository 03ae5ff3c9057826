package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.PermissionsConfig;
import io.natsspring.broker.UserConfig;
import io.natsspring.broker.internal.auth.NKeyVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies {@code authorization { token | user + password | users [...], timeout, default_permissions }} to the
 * options. Each element of {@code users} is {@code { user, password, permissions }} or {@code { nkey,
 * permissions }}. Keys used as {@code $variables} are not settings.
 */
final class AuthorizationBlock {

    private static final String BLOCK = "authorization";
    private static final Set<String> NOT_SUPPORTED_YET = Set.of("auth_callout", "auth_hook", "proxy_required");
    private static final Set<String> USER_NOT_SUPPORTED_YET =
            Set.of("account", "allowed_connection_types", "connection_types", "clients", "proxy_required");

    private AuthorizationBlock() {}

    static void apply(ConfigEntry authorization, BrokerOptions.Builder options, List<ConfigWarning> warnings) {
        ConfigEntry users = null;
        PermissionsConfig defaults = null;
        for (ConfigEntry e : EntryValues.block(authorization).entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "token" -> options.token(EntryValues.string(e));
                case "user", "username" -> options.user(EntryValues.string(e));
                case "password", "pass" -> options.password(EntryValues.string(e));
                case "timeout" -> SettingProblems.apply(e, () -> options.authTimeout(EntryValues.positiveDuration(e)));
                case "users" -> users = e;
                case "default_permission", "default_permissions", "permissions" ->
                    defaults = PermissionsBlock.read(e, warnings);
                default -> {
                    if (!NOT_SUPPORTED_YET.contains(EntryValues.name(e))) {
                        throw SettingProblems.unknown(e, BLOCK);
                    }
                    warnings.add(SettingProblems.notSupportedYet(e, BLOCK));
                }
            }
        }
        if (users != null) {
            options.users(users(users, defaults, warnings));
        }
    }

    private static List<UserConfig> users(ConfigEntry users, PermissionsConfig defaults, List<ConfigWarning> warnings) {
        List<UserConfig> result = new ArrayList<>();
        for (ConfigMap block : EntryValues.blocks(users)) {
            result.add(user(block, defaults, warnings));
        }
        return result;
    }

    /** A user, or an NKey user; users without permissions get the block's {@code default_permissions}. */
    static UserConfig user(ConfigMap block, PermissionsConfig defaults, List<ConfigWarning> warnings) {
        String name = null;
        String password = null;
        PermissionsConfig permissions = null;
        ConfigEntry nkey = null;
        for (ConfigEntry e : block.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "user", "username" -> name = EntryValues.string(e);
                case "password", "pass" -> password = EntryValues.string(e);
                case "permission", "permissions", "authorization" -> permissions = PermissionsBlock.read(e, warnings);
                case "nkey" -> nkey = e;
                default -> {
                    if (!USER_NOT_SUPPORTED_YET.contains(EntryValues.name(e))) {
                        throw SettingProblems.unknown(e, "a user of " + BLOCK);
                    }
                    warnings.add(SettingProblems.notSupportedYet(e, "a user of " + BLOCK));
                }
            }
        }
        PermissionsConfig effective = permissions != null ? permissions : defaults;
        if (nkey != null && !EntryValues.string(nkey).isEmpty()) {
            String key = EntryValues.string(nkey);
            if (!NKeyVerifier.isValidUserKey(key)) {
                throw EntryValues.invalid(nkey, "not a valid public nkey for a user");
            }
            if (name != null || password != null) {
                throw new ConfigException(nkey.location(), "Nkey users do not take usernames or passwords");
            }
            return UserConfig.nkey(key, effective);
        }
        if (name == null || name.isEmpty()) {
            throw new ConfigException(block.location(), "a user of " + BLOCK + " needs a 'user' or an 'nkey'");
        }
        // as nats-server: a user without password has the empty password; with tls { verify_and_map } the user is
        // identified by its client certificate and the password is not used
        return new UserConfig(name, password == null ? "" : password, effective);
    }
}
