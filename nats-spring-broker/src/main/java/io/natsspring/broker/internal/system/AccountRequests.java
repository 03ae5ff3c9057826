package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.account.Account;
import io.natsspring.broker.internal.account.Accounts;
import io.natsspring.broker.internal.monitor.AccountStatz;
import io.natsspring.broker.internal.monitor.MonitorRequestException;
import io.natsspring.broker.internal.monitor.MonitoredBroker;
import io.natsspring.broker.internal.monitor.MonitoringEndpoints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-account system requests, as {@code nats-server} answers them: in the system account
 * {@code $SYS.REQ.ACCOUNT.<acct>.CONNZ|SUBSZ|JSZ|INFO|STATZ|CONNS} and {@code $SYS.REQ.ACCOUNT.PING.STATZ};
 * in every other account the services {@code nats-server} imports there from the system account, each answering
 * for the requester's own account only: {@code $SYS.REQ.SERVER.PING.CONNZ}, {@code $SYS.REQ.ACCOUNT.PING.CONNZ}
 * and {@code $SYS.REQ.ACCOUNT.PING.STATZ}. Nothing else of the system account is reachable from other accounts.
 */
final class AccountRequests {

    private final Accounts accounts;
    private final MonitoredBroker broker;
    private final MonitoringEndpoints monitor;
    private final AccountStatz statz;
    private final SystemEvents events;
    private final ServerEnvelope server;

    AccountRequests(
            Accounts accounts,
            MonitoredBroker broker,
            MonitoringEndpoints monitor,
            AccountStatz statz,
            SystemEvents events,
            ServerEnvelope server) {
        this.accounts = accounts;
        this.broker = broker;
        this.monitor = monitor;
        this.statz = statz;
        this.events = events;
        this.server = server;
    }

    void registerAll(SystemRequests requests) {
        requests.register("$SYS.REQ.ACCOUNT.*.CONNZ", r -> zReq(r, q -> monitor.connz(with(q, "acc", r.token(3)))));
        requests.register(
                "$SYS.REQ.ACCOUNT.*.SUBSZ",
                r -> zReq(r, q -> monitor.subsz(with(with(q, "acc", r.token(3)), "subs", "1"))));
        requests.register("$SYS.REQ.ACCOUNT.*.INFO", r -> zReq(r, q -> info(r.token(3))));
        requests.register("$SYS.REQ.ACCOUNT.*.JSZ", r -> zReq(r, q -> jsz(r.token(3), q)));
        requests.register("$SYS.REQ.ACCOUNT.*.STATZ", this::accountStatz);
        requests.register("$SYS.REQ.ACCOUNT.*.CONNS", r -> conns(r.token(3)));
        requests.register("$SYS.REQ.ACCOUNT.PING.STATZ", r -> pingStatz(r, null));
        for (Account a : accounts.all()) {
            if (a == accounts.system()) {
                continue;
            }
            String name = a.name();
            SystemRequestHandler connz = r -> zReq(r, q -> monitor.connz(with(q, "acc", name)));
            requests.register(name, a.router(), "$SYS.REQ.SERVER.PING.CONNZ", connz);
            requests.register(name, a.router(), "$SYS.REQ.ACCOUNT.PING.CONNZ", connz);
            requests.register(name, a.router(), "$SYS.REQ.ACCOUNT.PING.STATZ", r -> pingStatz(r, name));
        }
    }

    private static Map<String, List<String>> with(Map<String, List<String>> q, String key, String value) {
        Map<String, List<String>> m = new LinkedHashMap<>(q);
        m.put(key, List.of(value));
        return m;
    }

    private interface Render {
        Map<String, Object> apply(Map<String, List<String>> query);
    }

    private Object zReq(SystemRequest r, Render render) {
        RequestOptions options;
        try {
            options = RequestOptions.of(r);
        } catch (IllegalArgumentException e) {
            return SystemRequest.error(400, e.getMessage());
        }
        if (options.filtersOut(server)) {
            return null;
        }
        try {
            return SystemRequest.data(render.apply(options.query()));
        } catch (MonitorRequestException e) {
            return SystemRequest.error(500, e.getMessage());
        }
    }

    private Map<String, Object> info(String account) {
        Map<String, Object> d = broker.accountDetail(account);
        if (d == null) {
            throw new MonitorRequestException("Account " + account + " does not exist");
        }
        return d;
    }

    /** {@code nats-server}'s {@code AccountDetail} of one account, with {@code streams/consumer/config} options. */
    private Map<String, Object> jsz(String account, Map<String, List<String>> q) {
        for (Map<String, Object> a : broker.jetStreamAccounts()) {
            if (account.equals(a.get("name"))) {
                boolean consumers = q.containsKey("consumers");
                return monitor.jszAccountDetail(
                        a, consumers || q.containsKey("streams"), consumers, q.containsKey("config"));
            }
        }
        throw new MonitorRequestException("account \"" + account + "\" not jetstream enabled");
    }

    /** {@code $SYS.REQ.ACCOUNT.<acct>.STATZ}: unanswered for an account without connections (unless unused). */
    private Object accountStatz(SystemRequest r) {
        String account = r.token(3);
        if ("PING".equals(account)) {
            return null;
        }
        return statz(r, List.of(account));
    }

    /** {@code $SYS.REQ.ACCOUNT.PING.STATZ}: every account with connections, or only {@code own}. */
    private Object pingStatz(SystemRequest r, String own) {
        return statz(r, own == null ? null : List.of(own));
    }

    private Object statz(SystemRequest r, List<String> only) {
        RequestOptions options;
        try {
            options = RequestOptions.of(r);
        } catch (IllegalArgumentException e) {
            return SystemRequest.error(400, e.getMessage());
        }
        if (options.filtersOut(server)) {
            return null;
        }
        List<String> names = only;
        if (names == null) {
            names = options.strings("accounts");
            if (names.isEmpty()) {
                names = broker.accountNames();
            }
        }
        boolean unused = options.bool("include_unused");
        List<Map<String, Object>> list = new ArrayList<>();
        for (String name : names) {
            if (accounts.get(name) == null) {
                continue;
            }
            if (unused || statz.connections(name) > 0) {
                list.add(statz.of(name));
            }
        }
        if (list.isEmpty()) {
            return null;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("server_id", server.id());
        d.put("now", io.natsspring.broker.internal.time.GoTime.format(Instant.now()));
        d.put("account_statz", list);
        return SystemRequest.data(d);
    }

    /** {@code $SYS.REQ.ACCOUNT.<acct>.CONNS}: the account's connections event, when it has connections. */
    private Object conns(String account) {
        if (accounts.get(account) == null || statz.connections(account) == 0) {
            return null;
        }
        return events.accountConnections(account);
    }
}
