package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.CloseReasons;
import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.monitor.AccountStatz;
import io.natsspring.broker.internal.time.GoTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The server's events in the system account, as {@code nats-server} 2.15 publishes them:
 * {@code $SYS.ACCOUNT.<acct>.CONNECT} ({@code io.nats.server.advisory.v1.client_connect}) when a CONNECT is
 * accepted, {@code $SYS.ACCOUNT.<acct>.DISCONNECT} ({@code client_disconnect}, with the traffic and the reason)
 * when any connection closes, {@code $SYS.SERVER.<id>.CLIENT.AUTH.ERR} before that when the credentials were
 * refused, and {@code $SYS.ACCOUNT.<acct>.SERVER.CONNS} (and the older {@code $SYS.SERVER.ACCOUNT.<acct>.CONNS},
 * {@code account_connections}) when a named account's connections change.
 *
 * <p>Called on clients' event loops: an event nobody subscribed to costs one subscription lookup; otherwise a
 * snapshot of the client is taken and the rest (JSON, publishing) runs on the {@link SystemQueue}, dropped when
 * the queue is full.
 */
public final class SystemEvents {

    private static final char[] ID_ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final ServerEnvelope server;
    private final MessageRouter router;
    private final SystemQueue queue;
    private final AccountStatz statz;
    private final String globalAccount;

    SystemEvents(ServerEnvelope server, MessageRouter router, SystemQueue queue, AccountStatz statz, String global) {
        this.server = server;
        this.router = router;
        this.queue = queue;
        this.statz = statz;
        this.globalAccount = global;
    }

    /** A connection's CONNECT was accepted (on its event loop). */
    public void connected(ClientConnection c) {
        String account = c.account();
        String subject = "$SYS.ACCOUNT." + account + ".CONNECT";
        if (interest(subject)) {
            Map<String, Object> client = client(c, null);
            String timestamp = GoTime.format(Instant.now());
            queue.submit(() -> publish(subject, typed("io.nats.server.advisory.v1.client_connect", timestamp, client)));
        }
        connectionsChanged(account);
    }

    /** A connection closed (from its event loop, after it left the registry). */
    public void closed(ClientConnection c) {
        String account = c.account();
        String reason = c.closeReason() == null ? CloseReasons.CLIENT_CLOSED : c.closeReason();
        String authErr = "$SYS.SERVER." + server.id() + ".CLIENT.AUTH.ERR";
        String subject = "$SYS.ACCOUNT." + account + ".DISCONNECT";
        boolean authFailed = CloseReasons.AUTHENTICATION_FAILURE.equals(reason) && interest(authErr);
        if (authFailed || interest(subject)) {
            Instant now = Instant.now();
            Map<String, Object> client = client(c, now);
            Map<String, Object> sent = ServerStats.msgBytes(c.inMsgs(), c.inBytes());
            Map<String, Object> received = ServerStats.msgBytes(c.outMsgs(), c.outBytes());
            String timestamp = GoTime.format(now);
            queue.submit(() -> {
                if (authFailed) {
                    publish(authErr, disconnect(timestamp, client, sent, received, reason));
                }
                publish(subject, disconnect(timestamp, client, sent, received, reason));
            });
        }
        if (c.connected()) {
            connectionsChanged(account);
        }
    }

    private void connectionsChanged(String account) {
        if (globalAccount.equals(account)) {
            return;
        }
        String oldSubject = "$SYS.SERVER.ACCOUNT." + account + ".CONNS";
        String newSubject = "$SYS.ACCOUNT." + account + ".SERVER.CONNS";
        boolean toOld = interest(oldSubject);
        boolean toNew = interest(newSubject);
        if (toOld || toNew) {
            // the figures as of this change (taken here: the connection may be gone when the queue gets to it)
            Map<String, Object> event = accountConnections(account);
            queue.submit(() -> {
                if (toOld) {
                    publish(oldSubject, event);
                }
                if (toNew) {
                    publish(newSubject, event);
                }
            });
        }
    }

    /**
     * The {@code account_connections} event of {@code account}. Walks the open connections: on an event loop only
     * when someone listens to the account's connection events.
     */
    Map<String, Object> accountConnections(String account) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "io.nats.server.advisory.v1.account_connections");
        m.put("id", eventId());
        m.put("timestamp", GoTime.format(Instant.now()));
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        m.putAll(statz.of(account));
        return m;
    }

    private Map<String, Object> disconnect(
            String timestamp,
            Map<String, Object> client,
            Map<String, Object> sent,
            Map<String, Object> received,
            String reason) {
        Map<String, Object> m = typed("io.nats.server.advisory.v1.client_disconnect", timestamp, client);
        m.put("sent", sent);
        m.put("received", received);
        m.put("reason", reason);
        return m;
    }

    private static Map<String, Object> typed(String type, String timestamp, Map<String, Object> client) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("id", eventId());
        m.put("timestamp", timestamp);
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        m.put("client", client);
        return m;
    }

    /** {@code nats-server}'s {@code ClientInfo} of a client connection ({@code stop} for a closed one). */
    private static Map<String, Object> client(ClientConnection c, Instant stop) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", GoTime.format(Instant.ofEpochMilli(c.startedMillis())));
        put(m, "host", c.clientIp());
        m.put("id", c.id());
        m.put("acc", c.account());
        put(m, "user", c.presentedUser());
        put(m, "name", c.name());
        put(m, "lang", c.lang());
        put(m, "ver", c.version());
        if (stop != null && c.reportedRttNanos() != 0) {
            // nats-server puts the round trip in disconnect events only
            m.put("rtt", c.reportedRttNanos());
        }
        if (stop != null) {
            m.put("stop", GoTime.format(stop));
        }
        m.put("name_tag", c.account());
        m.put("kind", "Client");
        m.put("client_type", c.clientType());
        return m;
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    private boolean interest(String subject) {
        return !router.match(subject).isEmpty();
    }

    /** Publishes on the system thread. */
    void publish(String subject, Object event) {
        FlushBatch batch = new FlushBatch();
        new InternalPublisher(router).publish(subject, null, server.render(event), batch);
        batch.flushAll();
    }

    /** A unique event id shaped like {@code nats-server}'s (22 base-62 characters). */
    static String eventId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[22];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_ALPHABET[r.nextInt(ID_ALPHABET.length)];
        }
        return new String(c);
    }

    /** Whether someone listens on {@code subject} in the system account. */
    boolean hasInterest(String subject) {
        return interest(subject);
    }
}
