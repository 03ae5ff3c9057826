package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.AccountBinding;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.DisabledJetStreamApi;
import io.natsspring.broker.internal.jetstream.JetStreamService;
import io.natsspring.broker.internal.jetstream.JetStreamSettings;
import io.natsspring.broker.internal.jetstream.account.AccountUsage;
import io.natsspring.broker.internal.routing.SubjectTransform;
import io.natsspring.broker.internal.routing.Subjects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The server's accounts: the global account {@code $G} (users outside any account, token and anonymous clients)
 * and the configured ones. Resolves a user to its account, wires imports between accounts, and starts each
 * account's JetStream. Without configured accounts {@code $G} has JetStream whenever the server has; with
 * accounts, only those whose configuration enables it do, as in {@code nats-server}.
 */
public final class Accounts implements AutoCloseable {

    /** Name of the global account. */
    public static final String GLOBAL = "$G";

    /** Name of the default system account, created implicitly unless configured. */
    public static final String DEFAULT_SYSTEM = "$SYS";

    /** Snapshots (never modified once published), replaced as a whole by {@link #reload}. */
    private volatile Map<String, Account> byName;

    private volatile Map<String, Account> byUser;
    private final Account global;
    private final Account system;
    private volatile boolean configured;
    /** Operator mode: the accounts are JWT accounts, and count as configured even before there is one. */
    private volatile boolean operator;
    /** JetStream as started, for accounts a reload adds; {@code null} while JetStream is not running. */
    private JetStreamSettings jetStreamSettings;

    private String jetStreamServerName;
    /** Expiry of pending service responses, shared by every broker in the process (one daemon thread). */
    private static final ScheduledExecutorService TIMERS = responseTimers();

    private final ScheduledExecutorService timers = TIMERS;

    /** The server's name for latency measurements, set by the server once known. */
    private final ServerIdentity serverIdentity = new ServerIdentity();

    /**
     * @throws IllegalArgumentException for a duplicate account or user, an import from an unknown account, of a
     *                                  subject not exported, or not exported to the importer, or a bad mapping
     */
    public Accounts(List<AccountSpec> specs) {
        this(specs, DEFAULT_SYSTEM);
    }

    /**
     * Accounts with {@code systemAccount} as the system account: one of {@code specs}, or the default
     * {@value #DEFAULT_SYSTEM} created implicitly (without users) when no spec has that name.
     *
     * @throws IllegalArgumentException as {@link #Accounts(List)}, and for a system account other than
     *                                  {@value #DEFAULT_SYSTEM} that is not configured
     */
    public Accounts(List<AccountSpec> specs, String systemAccount) {
        // as nats-server's globalAccountOnly(): the system account alone does not count
        this.configured = specs.stream().anyMatch(s -> !s.name().equals(systemAccount));
        AccountSpec globalSpec = null;
        for (AccountSpec s : specs) {
            if (s.name().equals(GLOBAL)) {
                globalSpec = s;
            }
        }
        this.global = new Account(
                globalSpec != null
                        ? globalSpec
                        : new AccountSpec(GLOBAL, Set.of(), List.of(), List.of(), null, Map.of()));
        Map<String, Account> names = new LinkedHashMap<>();
        names.put(GLOBAL, global);
        for (AccountSpec s : specs) {
            if (s == globalSpec) {
                continue;
            }
            if (names.putIfAbsent(s.name(), new Account(s)) != null) {
                throw new IllegalArgumentException("duplicate account '" + s.name() + "'");
            }
        }
        Account sys = names.get(systemAccount);
        if (sys == null) {
            if (!DEFAULT_SYSTEM.equals(systemAccount)) {
                throw new IllegalArgumentException("error resolving system account: account missing");
            }
            sys = new Account(implicitSystemSpec());
            names.put(DEFAULT_SYSTEM, sys);
        }
        this.system = sys;
        Map<String, Account> users = usersOf(names.values(), Map.of());
        for (Account a : names.values()) {
            for (AccountSpec.ImportSpec i : a.spec().imports()) {
                wire(names, a, i);
            }
        }
        this.byName = names;
        this.byUser = users;
    }

    /** User to account; a user's spec in {@code specs} wins over its account's (for a reload's new users). */
    private static Map<String, Account> usersOf(Collection<Account> accounts, Map<String, AccountSpec> specs) {
        Map<String, Account> users = new LinkedHashMap<>();
        for (Account a : accounts) {
            AccountSpec spec = specs.getOrDefault(a.name(), a.spec());
            for (String user : spec.users()) {
                if (users.putIfAbsent(user, a) != null) {
                    throw new IllegalArgumentException("duplicate user " + user);
                }
            }
        }
        return users;
    }

    /**
     * Applies a reloaded configuration as {@code nats-server} does: users may be added, removed or moved between
     * accounts, accounts added (with their imports, exports and JetStream) or removed, and an existing account's
     * exports, imports, mappings and JetStream limits changed (JetStream enabled or disabled for it too): new
     * imports and mappings apply to later publishes, removed imports stop delivering, new limits apply to later
     * requests. Refused: the change between "no accounts" and "accounts" while JetStream runs (it decides which
     * account has JetStream); nothing is applied then, nor for inconsistent accounts.
     *
     * @throws IllegalArgumentException naming what can not be reloaded, or for inconsistent accounts
     */
    public synchronized void reload(List<AccountSpec> specs) {
        Map<String, AccountSpec> wanted = new LinkedHashMap<>();
        for (AccountSpec s : specs) {
            if (wanted.putIfAbsent(s.name(), s) != null) {
                throw new IllegalArgumentException("duplicate account '" + s.name() + "'");
            }
        }
        wanted.putIfAbsent(GLOBAL, new AccountSpec(GLOBAL, Set.of(), List.of(), List.of(), null, Map.of()));
        if (!wanted.containsKey(system.name())) {
            if (!system.name().equals(DEFAULT_SYSTEM)) {
                throw new IllegalArgumentException(
                        "config reload not supported for the system account '" + system.name() + "': it was removed");
            }
            wanted.put(DEFAULT_SYSTEM, implicitSystemSpec());
        }
        boolean nowConfigured =
                operator || specs.stream().anyMatch(s -> !s.name().equals(system.name()));
        if (jetStreamSettings != null && nowConfigured != configured) {
            throw new IllegalArgumentException("config reload not supported for accounts: adding the first account or"
                    + " removing the last one while JetStream runs (restart the broker)");
        }
        Map<String, Account> current = byName;
        Map<String, AccountSpec> old = new LinkedHashMap<>();
        current.forEach((n, a) -> old.put(n, a.spec()));
        Map<String, Account> names = new LinkedHashMap<>();
        List<Account> added = new ArrayList<>();
        for (AccountSpec s : wanted.values()) {
            Account existing = current.get(s.name());
            if (existing == null) {
                Account a = new Account(s);
                added.add(a);
                names.put(s.name(), a);
            } else {
                if (!existing.spec().mappings().equals(s.mappings())) {
                    SubjectMappings.of(s.mappings()); // validates before anything is applied
                }
                names.put(s.name(), existing);
            }
        }
        Map<String, Account> users = usersOf(names.values(), wanted);
        for (AccountSpec s : wanted.values()) {
            for (AccountSpec.ImportSpec i : s.imports()) {
                exporterOf(wanted, s.name(), i);
            }
        }
        // from here on nothing fails for a configuration reason
        for (Account a : names.values()) {
            if (!added.contains(a)) {
                a.spec(wanted.get(a.name()));
            }
        }
        for (Account a : names.values()) {
            for (AccountSpec.ImportSpec i : List.copyOf(a.wired().keySet())) {
                String exporter = a.wired().get(i).exporter();
                boolean exporterSame = names.get(exporter) == current.get(exporter)
                        && old.get(exporter)
                                .exports()
                                .equals(wanted.get(exporter).exports());
                if (!a.spec().imports().contains(i) || !exporterSame) {
                    a.unwire(i);
                }
            }
        }
        for (Account a : names.values()) {
            for (AccountSpec.ImportSpec i : a.spec().imports()) {
                if (!a.wired().containsKey(i)) {
                    wire(names, a, i);
                }
            }
        }
        if (jetStreamSettings != null) {
            for (Account a : names.values()) {
                if (added.contains(a)) {
                    startJetStream(a, jetStreamSettings, jetStreamServerName);
                } else {
                    reloadJetStream(a, old.get(a.name()).jetStream());
                }
            }
        }
        this.byName = names;
        this.byUser = users;
        this.configured = nowConfigured;
        for (Account removed : current.values()) {
            if (!names.containsKey(removed.name())) {
                for (AccountSpec.ImportSpec i : List.copyOf(removed.wired().keySet())) {
                    removed.unwire(i);
                }
                stop(removed);
            }
        }
    }

    /** An existing account's JetStream after a reload: enabled, disabled, or its limits changed. */
    private void reloadJetStream(Account a, AccountSpec.Limits before) {
        AccountSpec.Limits now = a.spec().jetStream();
        if (Objects.equals(before, now) || (a == global && !configured)) {
            return;
        }
        JetStreamService js = a.jetStream();
        if (now == null) {
            stop(a);
            a.disabledApi(new DisabledJetStreamApi(a.router(), jetStreamSettings.apiQueueLimit(), jetStreamServerName));
        } else if (js == null) {
            a.disabledApi(null);
            startJetStream(a, jetStreamSettings, jetStreamServerName);
        } else {
            js.registry().usage().tiers(now.tiers());
            js.registry()
                    .usage()
                    .limits(
                            min(now.maxMemory(), jetStreamSettings.maxMemoryStore()),
                            min(now.maxFile(), jetStreamSettings.maxFileStore()),
                            now.maxStreams(),
                            now.maxConsumers());
        }
    }

    private static AccountSpec implicitSystemSpec() {
        return new AccountSpec(DEFAULT_SYSTEM, Set.of(), List.of(), List.of(), null, Map.of());
    }

    private void startJetStream(Account a, JetStreamSettings settings, String serverName) {
        JetStreamService js = jetStreamFor(a, settings, serverName);
        if (js != null) {
            a.jetStream(js);
            a.jetStreamDomain(settings.domain());
            try {
                js.start();
            } catch (IOException | RuntimeException e) {
                a.jetStream(null);
                js.close();
                System.getLogger(Accounts.class.getName())
                        .log(System.Logger.Level.WARNING, "Can not start JetStream of account " + a.name() + ": " + e);
            }
        } else {
            a.disabledApi(new DisabledJetStreamApi(a.router(), settings.apiQueueLimit(), serverName));
        }
    }

    private static void stop(Account a) {
        JetStreamService js = a.jetStream();
        if (js != null) {
            js.close();
            a.jetStream(null);
            a.jetStreamDomain(null);
        }
        a.disabledApi(null);
    }

    private static ScheduledExecutorService responseTimers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "nats-broker-account-responses");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(t);
    }

    /** Accounts for a server without configured accounts: {@code $G} alone. */
    public static Accounts globalOnly() {
        return new Accounts(List.of());
    }

    private static AccountSpec.ExportSpec exporterOf(
            Map<String, AccountSpec> specs, String importer, AccountSpec.ImportSpec i) {
        AccountSpec exporter = specs.get(i.account());
        String what = (i.service() ? "service" : "stream") + " import of '" + i.subject() + "' from account '"
                + i.account() + "' in account '" + importer + "'";
        if (exporter == null) {
            throw new IllegalArgumentException(what + ": no such account");
        }
        if (!Subjects.isValidSubscribeSubject(i.subject())) {
            throw new IllegalArgumentException(what + ": invalid subject");
        }
        AccountSpec.ExportSpec export = findExport(exporter, i);
        if (export == null) {
            throw new IllegalArgumentException(
                    what + ": the account exports no such " + (i.service() ? "service" : "stream"));
        }
        if (!export.allows(importer)) {
            throw new IllegalArgumentException(
                    what + ": not authorized, the export is restricted to " + export.accounts());
        }
        String local = i.to() != null ? i.to() : i.subject();
        if (!Subjects.isValidSubscribeSubject(local)) {
            throw new IllegalArgumentException(what + ": invalid local subject '" + local + "'");
        }
        return export;
    }

    private void wire(Map<String, Account> byName, Account importer, AccountSpec.ImportSpec i) {
        Map<String, AccountSpec> specs = new LinkedHashMap<>();
        byName.forEach((n, a) -> specs.put(n, a.spec()));
        AccountSpec.ExportSpec export = exporterOf(specs, importer.name(), i);
        Account exporter = byName.get(i.account());
        String local = i.to() != null ? i.to() : i.subject();
        if (i.service()) {
            ServiceImportSubscription s = new ServiceImportSubscription(
                    local,
                    importer.router(),
                    exporter.router(),
                    SubjectTransform.of(local, i.subject()),
                    export.responses(),
                    timers,
                    export.responseThreshold(),
                    export.latency() == null
                            ? null
                            : new LatencyReports(export.latency(), i.share(), exporter.router(), serverIdentity),
                    new ServiceImportRoute(
                            importer.name(),
                            exporter.name(),
                            i.share(),
                            exporter == system,
                            export.allowTrace(),
                            serverIdentity));
            importer.wired(i, new Account.Wired(exporter.name(), importer.router(), s));
            importer.router().subscribe(s);
        } else {
            StreamImportSubscription s = new StreamImportSubscription(
                    i.subject(),
                    importer.router(),
                    SubjectTransform.of(i.subject(), local),
                    importer.name(),
                    i.allowTrace());
            importer.wired(i, new Account.Wired(exporter.name(), exporter.router(), s));
            exporter.router().subscribe(s);
        }
    }

    private static AccountSpec.ExportSpec findExport(AccountSpec exporter, AccountSpec.ImportSpec i) {
        for (AccountSpec.ExportSpec e : exporter.exports()) {
            if (e.service() == i.service() && Subjects.isSubsetOf(i.subject(), e.subject())) {
                return e;
            }
        }
        return null;
    }

    /** The server's name (its {@code server_name}, else its id), as latency measurements report it. */
    public void serverName(String name) {
        serverIdentity.name(name);
    }

    /** The global account. */
    public Account global() {
        return global;
    }

    /** The system account: its router carries {@code $SYS.REQ.…} requests and the server's events. */
    public Account system() {
        return system;
    }

    /** The account with this name, or {@code null}. */
    public Account get(String name) {
        return byName.get(name);
    }

    /** All accounts, {@code $G} first, then in configuration order, the implicit {@code $SYS} last. */
    public Collection<Account> all() {
        return List.copyOf(byName.values());
    }

    /** The account a connection of {@code user} belongs to ({@code null} user: {@code $G}). */
    public AccountBinding bind(String user) {
        Account a = user == null ? null : byUser.get(user);
        return (a == null ? global : a).binding();
    }

    /** The binding of the account named {@code name} (a JWT account's public key), or {@code null}. */
    public AccountBinding bindAccount(String name) {
        Account a = byName.get(name);
        return a == null ? null : a.binding();
    }

    /**
     * Operator mode, as nats-server's {@code globalAccountOnly()} is false with trusted keys: the accounts count as
     * configured from the start ({@code $G} gets no JetStream of its own), so a claims push that adds the first
     * account while JetStream runs is applied like any other. Call before JetStream starts.
     */
    public synchronized void operatorMode() {
        this.operator = true;
        this.configured = true;
    }

    /** Whether accounts are configured (beyond {@code $G} and the system account). */
    public boolean configured() {
        return configured;
    }

    /**
     * Starts JetStream for every account that has it; on failure stops those already started and rethrows.
     */
    public synchronized void startJetStream(JetStreamSettings settings, String serverName) throws IOException {
        List<Account> started = new ArrayList<>();
        try {
            for (Account a : byName.values()) {
                JetStreamService js = jetStreamFor(a, settings, serverName);
                if (js != null) {
                    a.jetStream(js);
                    a.jetStreamDomain(settings.domain());
                    started.add(a);
                    js.start();
                } else {
                    a.disabledApi(new DisabledJetStreamApi(a.router(), settings.apiQueueLimit(), serverName));
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Account a : started) {
                a.jetStream().close();
                a.jetStream(null);
            }
            byName.values().forEach(a -> a.disabledApi(null));
            throw e;
        }
        this.jetStreamSettings = settings;
        this.jetStreamServerName = serverName;
    }

    private JetStreamService jetStreamFor(Account a, JetStreamSettings settings, String serverName) {
        AccountSpec.Limits l = a.spec().jetStream();
        if (a == global && !configured) {
            return new JetStreamService(settings, a.router(), serverName);
        }
        if (l == null) {
            return null;
        }
        long maxMemory = min(l.maxMemory(), settings.maxMemoryStore());
        long maxFile = min(l.maxFile(), settings.maxFileStore());
        AccountUsage usage = new AccountUsage(maxMemory, maxFile, l.maxStreams(), l.maxConsumers());
        usage.tiers(l.tiers());
        return new JetStreamService(settings, a.router(), serverName, a.name(), usage);
    }

    private static long min(long account, long server) {
        if (account < 0) {
            return server;
        }
        return server < 0 ? account : Math.min(account, server);
    }

    /** Subscriptions of all accounts together. */
    public int subscriptionCount() {
        int n = 0;
        for (Account a : byName.values()) {
            n += a.router().subscriptionCount();
        }
        return n;
    }

    /** The router of {@code $G}. */
    public MessageRouter globalRouter() {
        return global.router();
    }

    /** Stops every account's JetStream (its files stay for the next start). */
    @Override
    public synchronized void close() {
        jetStreamSettings = null;
        for (Account a : byName.values()) {
            JetStreamService js = a.jetStream();
            if (js != null) {
                js.close();
                a.jetStream(null);
            }
            a.disabledApi(null);
        }
    }
}
