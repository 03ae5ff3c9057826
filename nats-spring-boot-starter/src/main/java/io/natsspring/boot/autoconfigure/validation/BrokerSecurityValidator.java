package io.natsspring.boot.autoconfigure.validation;

import io.nats.client.NKey;
import io.natsspring.boot.autoconfigure.NatsBrokerAccount;
import io.natsspring.boot.autoconfigure.NatsBrokerProperties;
import io.natsspring.broker.BrokerOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.StringUtils;

/**
 * Checks the embedded broker's users and accounts ({@code nats.broker.users}, {@code nats.broker.accounts.*},
 * {@code nats.broker.app-user}, {@code nats.broker.no-auth-user}) as nats-server checks its {@code authorization}
 * and {@code accounts} blocks, so that each mistake is reported with its property path before the broker starts.
 */
final class BrokerSecurityValidator {

    private static final String PREFIX = "nats.broker.";

    private final NatsBrokerProperties broker;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> userIds = new LinkedHashSet<>();

    private BrokerSecurityValidator(NatsBrokerProperties broker) {
        this.broker = broker;
    }

    /** Every problem found, each starting with the property path it is about; empty when all is valid. */
    static List<String> validate(NatsBrokerProperties broker) {
        BrokerSecurityValidator v = new BrokerSecurityValidator(broker);
        v.check();
        return v.problems;
    }

    private void check() {
        for (int i = 0; i < broker.getUsers().size(); i++) {
            user(PREFIX + "users[" + i + "]", broker.getUsers().get(i));
        }
        broker.getAccounts().forEach((name, account) -> account(PREFIX + "accounts." + name, name, account));
        boolean anyUser = !userIds.isEmpty();
        if (StringUtils.hasText(broker.getToken()) && anyUser) {
            problems.add(PREFIX + "token can not be combined with users (nats.broker.users or"
                    + " nats.broker.accounts.*.users), as in nats-server");
        }
        boolean fromFile = StringUtils.hasText(broker.getConfigFile());
        if (!fromFile) {
            namesAUser("no-auth-user", broker.getNoAuthUser());
            namesAUser("app-user", broker.getAppUser());
            String system = broker.getSystemAccount();
            if (StringUtils.hasText(system)
                    && !BrokerOptions.DEFAULT_SYSTEM_ACCOUNT.equals(system)
                    && !broker.getAccounts().containsKey(system)) {
                problems.add(PREFIX + "system-account=" + system + " names no account of nats.broker.accounts"
                        + (broker.getAccounts().isEmpty()
                                ? " (none is configured)"
                                : " " + broker.getAccounts().keySet()));
            }
        }
    }

    private void namesAUser(String key, String value) {
        if (StringUtils.hasText(value) && !userIds.contains(value)) {
            problems.add(PREFIX + key + "=" + value + " names no user of nats.broker.users or"
                    + " nats.broker.accounts.*.users" + (userIds.isEmpty() ? " (none is configured)" : " " + userIds));
        }
    }

    private void user(String path, NatsBrokerProperties.User user) {
        boolean named = StringUtils.hasText(user.getUsername());
        boolean nkey = StringUtils.hasText(user.getNkey());
        boolean seed = StringUtils.hasText(user.getNkeySeed());
        String id = null;
        if (named && (nkey || seed)) {
            problems.add(path + " has a username and an nkey: an NKey user takes no username or password");
            return;
        }
        if (nkey || seed) {
            if (user.getPassword() != null) {
                problems.add(path + ".password: an NKey user takes no password");
            }
            String derived = seed ? publicKeyOf(path, user.getNkeySeed()) : null;
            if (nkey && !user.getNkey().startsWith("U")) {
                problems.add(path + ".nkey must be a public user NKey (starting with U), was " + user.getNkey());
            } else if (nkey && derived != null && !derived.equals(user.getNkey())) {
                problems.add(
                        path + ".nkey-seed is not the seed of " + path + ".nkey (its public key is " + derived + ")");
            }
            id = nkey ? user.getNkey() : derived;
        } else if (named) {
            if (user.getPassword() == null && !broker.getSsl().isVerifyAndMap()) {
                problems.add(path + ".password is required unless the user has an nkey or the users are named by"
                        + " their TLS client certificate (nats.broker.ssl.verify-and-map=true)");
            }
            id = user.getUsername();
        } else {
            problems.add(path + " needs a username or an nkey (or nkey-seed)");
        }
        if (id != null && !userIds.add(id)) {
            problems.add(path + " repeats the user " + id + " (a user may be configured only once)");
        }
    }

    private String publicKeyOf(String path, String seed) {
        try {
            NKey key = NKey.fromSeed(seed.toCharArray());
            if (key.getType() != NKey.Type.USER) {
                problems.add(path + ".nkey-seed must be a user seed (starting with SU)");
                return null;
            }
            return new String(key.getPublicKey());
        } catch (Exception e) {
            problems.add(path + ".nkey-seed is not a valid NKey seed");
            return null;
        }
    }

    private void account(String path, String name, NatsBrokerAccount account) {
        if (name.isEmpty() || name.contains(" ") || name.contains(".") || name.contains("*") || name.contains(">")) {
            problems.add(path + ": invalid account name '" + name + "'");
        }
        for (int i = 0; i < account.getUsers().size(); i++) {
            user(path + ".users[" + i + "]", account.getUsers().get(i));
        }
        for (int i = 0; i < account.getExports().size(); i++) {
            export(path + ".exports[" + i + "]", account.getExports().get(i));
        }
        for (int i = 0; i < account.getImports().size(); i++) {
            importOf(path + ".imports[" + i + "]", name, account.getImports().get(i));
        }
        jetStream(path + ".jetstream", account.getJetstream());
        Map<String, Integer> weights = new HashMap<>();
        for (int i = 0; i < account.getMappings().size(); i++) {
            NatsBrokerAccount.Mapping m = account.getMappings().get(i);
            String at = path + ".mappings[" + i + "]";
            subject(at + ".subject", m.getSubject(), true);
            if (!StringUtils.hasText(m.getDestination())) {
                problems.add(at + ".destination is required");
            }
            if (m.getWeight() < 1 || m.getWeight() > 100) {
                problems.add(at + ".weight must be between 1 and 100, was " + m.getWeight());
            } else if (StringUtils.hasText(m.getSubject())
                    && weights.merge(m.getSubject(), m.getWeight(), Integer::sum) > 100) {
                problems.add(at + ".weight: the weights of the mappings of " + m.getSubject() + " add up to more"
                        + " than 100");
            }
        }
    }

    private void export(String path, NatsBrokerAccount.Export export) {
        boolean service = StringUtils.hasText(export.getService());
        boolean stream = StringUtils.hasText(export.getStream());
        if (service == stream) {
            problems.add(path + " needs exactly one of service or stream");
            return;
        }
        subject(path + (service ? ".service" : ".stream"), service ? export.getService() : export.getStream(), true);
        if (stream && export.getResponseType() != NatsBrokerAccount.ResponseType.SINGLETON) {
            problems.add(path + ".response-type applies to service exports only");
        }
        for (int i = 0; i < export.getAccounts().size(); i++) {
            knownAccount(path + ".accounts[" + i + "]", export.getAccounts().get(i));
        }
    }

    private void importOf(String path, String importer, NatsBrokerAccount.Import imp) {
        boolean service = StringUtils.hasText(imp.getService());
        boolean stream = StringUtils.hasText(imp.getStream());
        if (service == stream) {
            problems.add(path + " needs exactly one of service or stream");
            return;
        }
        subject(path + (service ? ".service" : ".stream"), service ? imp.getService() : imp.getStream(), true);
        if (!StringUtils.hasText(imp.getAccount())) {
            problems.add(path + ".account is required (the account that exports it)");
        } else if (imp.getAccount().equals(importer)) {
            problems.add(path + ".account: an account can not import from itself");
        } else {
            knownAccount(path + ".account", imp.getAccount());
        }
        if (service && StringUtils.hasText(imp.getPrefix())) {
            problems.add(path + ".prefix applies to stream imports only (a service import takes to)");
        }
        if (StringUtils.hasText(imp.getTo())) {
            subject(path + ".to", imp.getTo(), true);
        }
    }

    private void knownAccount(String path, String name) {
        if (!broker.getAccounts().containsKey(name)) {
            problems.add(path + "=" + name + " is not an account of nats.broker.accounts "
                    + broker.getAccounts().keySet());
        }
    }

    private void jetStream(String path, NatsBrokerAccount.JetStream js) {
        if (js.getMaxMemory() != null && js.getMaxMemory().isNegative()) {
            problems.add(path + ".max-memory must not be negative");
        }
        if (js.getMaxFile() != null && js.getMaxFile().isNegative()) {
            problems.add(path + ".max-file must not be negative");
        }
        if (js.getMaxStreams() != null && js.getMaxStreams() < -1) {
            problems.add(path + ".max-streams must be -1 (unlimited) or more");
        }
        if (js.getMaxConsumers() != null && js.getMaxConsumers() < -1) {
            problems.add(path + ".max-consumers must be -1 (unlimited) or more");
        }
        if (js.isOn() && !broker.getJetstream().isEnabled()) {
            problems.add(path + " is on but JetStream is off for the broker (nats.broker.jetstream=false)");
        }
    }

    private void subject(String path, String subject, boolean wildcards) {
        if (!StringUtils.hasText(subject)) {
            problems.add(path + " is required");
            return;
        }
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty() || t.chars().anyMatch(Character::isWhitespace)) {
                problems.add(path + "=" + subject + " is not a valid subject");
                return;
            }
            if ((t.contains("*") || t.contains(">")) && (t.length() > 1 || !wildcards)) {
                problems.add(path + "=" + subject + " is not a valid subject (wildcards only as whole tokens)");
                return;
            }
            if (t.equals(">") && i != tokens.length - 1) {
                problems.add(path + "=" + subject + " is not a valid subject (> only as the last token)");
                return;
            }
        }
    }
}
