package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.AccountBinding;
import io.natsspring.broker.internal.client.AccountLimits;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.client.Subscription;
import io.natsspring.broker.internal.jetstream.JetStreamService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One account: its name, its own router (subject tree, with the account's subject mappings), its JetStream when
 * enabled, and the imports it holds. Connections of the account are bound to it at CONNECT.
 */
public final class Account {

    private volatile AccountSpec spec;
    private final MessageRouter router;
    private final AccountBinding binding;
    private final AccountLimits limits;
    private final List<ServiceImportSubscription> serviceImports = new CopyOnWriteArrayList<>();
    /** The imports wired for this account (changed only under {@link Accounts}' lock). */
    private final Map<AccountSpec.ImportSpec, Wired> wired = new LinkedHashMap<>();

    private volatile JetStreamService jetStream;
    private volatile AutoCloseable disabledApi;
    private volatile JetStreamDomainMappings domainMappings;

    Account(AccountSpec spec) {
        this.spec = spec;
        this.router = new MessageRouter(SubjectMappings.of(spec.mappings()));
        AccountSpec.ClientLimits l = spec.clientLimits();
        this.limits = new AccountLimits(l.maxConnections(), l.maxSubscriptions(), l.maxPayload(), l.maxLeafNodes());
        this.binding = new AccountBinding(spec.name(), router, limits);
        router.traceDestination(spec.msgTrace());
    }

    public String name() {
        return spec.name();
    }

    public AccountSpec spec() {
        return spec;
    }

    /**
     * A reload changed this account: its users; its mappings take effect for later publishes; its {@code limits}
     * for later connections and subscriptions (open connections re-apply them when the reload re-checks them).
     */
    void spec(AccountSpec reloaded) {
        AccountSpec old = this.spec;
        this.spec = reloaded;
        router.traceDestination(reloaded.msgTrace());
        if (!old.mappings().equals(reloaded.mappings())) {
            router.mapper(JetStreamDomainMappings.compose(SubjectMappings.of(reloaded.mappings()), domainMappings));
        }
        AccountSpec.ClientLimits l = reloaded.clientLimits();
        if (!old.clientLimits().equals(l)) {
            limits.reload(l.maxConnections(), l.maxSubscriptions(), l.maxPayload(), l.maxLeafNodes());
        }
    }

    public MessageRouter router() {
        return router;
    }

    AccountBinding binding() {
        return binding;
    }

    /** The account's connection limits and its count of client connections. */
    public AccountLimits limits() {
        return limits;
    }

    /** This account's JetStream, or {@code null} when it has none (or it is not started). */
    public JetStreamService jetStream() {
        return jetStream;
    }

    void jetStream(JetStreamService jetStream) {
        this.jetStream = jetStream;
    }

    /**
     * Adds (or, with {@code null}, removes) the JetStream domain mappings {@code $JS.<domain>.API...} after the
     * account's own mappings, as {@code nats-server} does for an account with JetStream on a server with a domain.
     */
    void jetStreamDomain(String domain) {
        JetStreamDomainMappings m = domain == null ? null : new JetStreamDomainMappings(domain);
        this.domainMappings = m;
        router.mapper(JetStreamDomainMappings.compose(SubjectMappings.of(spec.mappings()), m));
    }

    /**
     * The sources of the account's subject mappings, its own and the JetStream domain's: {@code nats-server}
     * announces them to leaf nodes as interest, so that messages for them cross a link.
     */
    public List<String> mappingSources() {
        List<String> out = new java.util.ArrayList<>(spec.mappings().keySet());
        JetStreamDomainMappings m = domainMappings;
        if (m != null) {
            for (String s : m.sources()) {
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The refusing API of an account without JetStream on a server with it ({@code null}: none). */
    void disabledApi(AutoCloseable api) {
        AutoCloseable old = disabledApi;
        disabledApi = api;
        if (old != null) {
            try {
                old.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One import as wired: its subscription, in {@code router} (the importer's or the exporter's). */
    record Wired(String exporter, MessageRouter router, Subscription subscription) {}

    void wired(AccountSpec.ImportSpec i, Wired w) {
        wired.put(i, w);
        if (w.subscription() instanceof ServiceImportSubscription s) {
            serviceImports.add(s);
        }
    }

    Map<AccountSpec.ImportSpec, Wired> wired() {
        return wired;
    }

    /** Removes an import: messages stop flowing through it (answers still pending may arrive). */
    void unwire(AccountSpec.ImportSpec i) {
        Wired w = wired.remove(i);
        if (w != null) {
            w.router().unsubscribe(w.subscription());
            serviceImports.remove(w.subscription());
        }
    }

    /** Requests sent through this account's service imports that still wait for answers. */
    public int pendingResponses() {
        int n = 0;
        for (ServiceImportSubscription s : serviceImports) {
            n += s.pending();
        }
        return n;
    }
}
