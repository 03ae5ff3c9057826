package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.boot.autoconfigure.NatsBrokerAccount;
import io.natsspring.boot.autoconfigure.NatsBrokerProperties;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.UserConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.util.StringUtils;

/**
 * How the application's own connection logs in to the embedded broker: explicit {@code nats.username},
 * {@code nats.token}, {@code nats.nkey-seed} or {@code nats.credentials} win; otherwise the broker's token, its single
 * user, or the user named by {@code nats.broker.app-user} (default: none when a {@code no-auth-user} is set, else
 * the first configured user, top-level users before account users). With {@code verify-and-map}, the bundle's
 * certificate names the user and no credentials are sent.
 *
 * @param username user name, or {@code null}
 * @param password password, or {@code null}
 * @param token    token, or {@code null}
 * @param nkeySeed NKey seed, or {@code null}
 */
record AppCredentials(String username, String password, String token, String nkeySeed) {

    static final AppCredentials NONE = new AppCredentials(null, null, null, null);

    /**
     * The credentials for {@code options}, the broker's effective options.
     *
     * @throws EmbeddedBrokerConfigurationException when the chosen user can not be logged in as
     */
    static AppCredentials resolve(NatsProperties properties, BrokerOptions options) {
        if (StringUtils.hasText(properties.getUsername())
                || StringUtils.hasText(properties.getToken())
                || StringUtils.hasText(properties.getNkeySeed())
                || StringUtils.hasText(properties.getCredentials())) {
            return new AppCredentials(properties.getUsername(), properties.getPassword(), properties.getToken(), null);
        }
        NatsBrokerProperties broker = properties.getBroker();
        String appUser = broker.getAppUser();
        if (StringUtils.hasText(options.token())) {
            return new AppCredentials(null, null, options.token(), null);
        }
        if (StringUtils.hasText(options.user())) {
            return password(properties, options.user(), options.password());
        }
        if (options.tls() != null && options.tls().verifyAndMap()) {
            return NONE;
        }
        List<UserConfig> users = Stream.concat(
                        options.users().stream(), options.accounts().stream().flatMap(a -> a.users().stream()))
                .toList();
        if (users.isEmpty()) {
            if (StringUtils.hasText(appUser)) {
                throw new EmbeddedBrokerConfigurationException(
                        "nats.broker.app-user", "nats.broker.app-user=" + appUser + " but no user is configured", null);
            }
            return NONE;
        }
        UserConfig chosen;
        if (StringUtils.hasText(appUser)) {
            chosen = users.stream()
                    .filter(u -> appUser.equals(u.user()) || appUser.equals(u.nkey()))
                    .findFirst()
                    .orElseThrow(() -> new EmbeddedBrokerConfigurationException(
                            "nats.broker.app-user",
                            "nats.broker.app-user=" + appUser + " names no configured user " + ids(users),
                            null));
        } else if (options.noAuthUser() != null) {
            return NONE;
        } else {
            chosen = users.get(0);
        }
        if (chosen.isNkeyUser()) {
            String seed = seeds(broker).get(chosen.nkey());
            if (seed == null) {
                throw new EmbeddedBrokerConfigurationException(
                        "nats.broker.app-user",
                        "the application's connection logs in as the NKey user " + chosen.nkey()
                                + (StringUtils.hasText(appUser) ? " (nats.broker.app-user)" : " (the first user)")
                                + " but its seed is unknown: set nkey-seed on that user, or nats.nkey-seed, or choose"
                                + " another user with nats.broker.app-user",
                        null);
            }
            return new AppCredentials(null, null, null, seed);
        }
        if (chosen.password() == null) {
            return NONE;
        }
        return password(properties, chosen.user(), chosen.password());
    }

    private static AppCredentials password(NatsProperties properties, String user, String stored) {
        String password = properties.getPassword() != null ? properties.getPassword() : stored;
        if (password != null && password.startsWith("$2")) {
            throw new EmbeddedBrokerConfigurationException(
                    "nats.password",
                    "the application's connection logs in as " + user + ", whose password is a bcrypt hash: set"
                            + " nats.password to the plain password, or choose another user with"
                            + " nats.broker.app-user",
                    null);
        }
        return new AppCredentials(user, password, null, null);
    }

    private static List<String> ids(List<UserConfig> users) {
        return users.stream().map(u -> u.isNkeyUser() ? u.nkey() : u.user()).toList();
    }

    /** Public NKey to seed, from every user of {@code nats.broker.*} with an {@code nkey-seed}. */
    private static Map<String, String> seeds(NatsBrokerProperties broker) {
        List<NatsBrokerProperties.User> all = new ArrayList<>(broker.getUsers());
        for (NatsBrokerAccount account : broker.getAccounts().values()) {
            all.addAll(account.getUsers());
        }
        Map<String, String> seeds = new HashMap<>();
        for (NatsBrokerProperties.User u : all) {
            if (StringUtils.hasText(u.getNkeySeed())) {
                seeds.put(EmbeddedBrokerOptionsFactory.publicKey(u), u.getNkeySeed());
            }
        }
        return seeds;
    }
}
