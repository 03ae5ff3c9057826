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

    private final Map<String, Account> byName = new LinkedHashMap<>();
    private final Map<String, Account> byUser = new LinkedHashMap<>();
    private final Account global;
    private final boolean configured;
    /** Expiry of pending service responses, shared by every broker in the process (one daemon thread). */
    private static final ScheduledExecutorService TIMERS = responseTimers();

    private final ScheduledExecutorService timers = TIMERS;

    /**
     * @throws IllegalArgumentException for a duplicate account or user, an import from an unknown account, of a
     *                                  subject not exported, or not exported to the importer, or a bad mapping
     */
    public Accounts(List<AccountSpec> specs) {
        this.configured = !specs.isEmpty();
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
        byName.put(GLOBAL, global);
        for (AccountSpec s : specs) {
            if (s == globalSpec) {
                continue;
            }
            if (byName.putIfAbsent(s.name(), new Account(s)) != null) {
                throw new IllegalArgumentException("duplicate account '" + s.name() + "'");
            }
        }
        for (Account a : byName.values()) {
            for (String user : a.spec().users()) {
                if (byUser.putIfAbsent(user, a) != null) {
                    throw new IllegalArgumentException("duplicate user " + user);
                }
            }
        }
        for (Account a : byName.values()) {
            for (AccountSpec.ImportSpec i : a.spec().imports()) {
                wire(a, i);
            }
        }
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

    private void wire(Account importer, AccountSpec.ImportSpec i) {
        Account exporter = byName.get(i.account());
        String what = (i.service() ? "service" : "stream") + " import of '" + i.subject() + "' from account '"
                + i.account() + "' in account '" + importer.name() + "'";
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
        if (!export.allows(importer.name())) {
            throw new IllegalArgumentException(
                    what + ": not authorized, the export is restricted to " + export.accounts());
        }
        String local = i.to() != null ? i.to() : i.subject();
        if (!Subjects.isValidSubscribeSubject(local)) {
            throw new IllegalArgumentException(what + ": invalid local subject '" + local + "'");
        }
        if (i.service()) {
            ServiceImportSubscription s = new ServiceImportSubscription(
                    local,
                    importer.router(),
                    exporter.router(),
                    SubjectTransform.of(local, i.subject()),
                    export.responses(),
                    timers);
            importer.addServiceImport(s);
            importer.router().subscribe(s);
        } else {
            exporter.router()
                    .subscribe(new StreamImportSubscription(
                            i.subject(), importer.router(), SubjectTransform.of(i.subject(), local)));
        }
    }

    private static AccountSpec.ExportSpec findExport(Account exporter, AccountSpec.ImportSpec i) {
        for (AccountSpec.ExportSpec e : exporter.spec().exports()) {
            if (e.service() == i.service() && Subjects.isSubsetOf(i.subject(), e.subject())) {
                return e;
            }
        }
        return null;
    }

    /** The global account. */
    public Account global() {
        return global;
    }

    /** The account with this name, or {@code null}. */
    public Account get(String name) {
        return byName.get(name);
    }

    /** All accounts, {@code $G} first, then in configuration order. */
    public Collection<Account> all() {
        return List.copyOf(byName.values());
    }

    /** The account a connection of {@code user} belongs to ({@code null} user: {@code $G}). */
    public AccountBinding bind(String user) {
        Account a = user == null ? null : byUser.get(user);
        return (a == null ? global : a).binding();
    }

    /** Whether accounts are configured (beyond the implicit {@code $G}). */
    public boolean configured() {
        return configured;
    }

    /**
     * Starts JetStream for every account that has it; on failure stops those already started and rethrows.
     */
    public void startJetStream(JetStreamSettings settings, String serverName) throws IOException {
        List<Account> started = new ArrayList<>();
        try {
            for (Account a : byName.values()) {
                JetStreamService js = jetStreamFor(a, settings, serverName);
                if (js != null) {
                    a.jetStream(js);
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
        return new JetStreamService(
                settings,
                a.router(),
                serverName,
                a.name(),
                new AccountUsage(maxMemory, maxFile, l.maxStreams(), l.maxConsumers()));
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
    public void close() {
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
