package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.JwtSession;
import io.natsspring.broker.internal.time.GoTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code nats-server}'s {@code ClientInfo} of a client connection in its detailed form ({@code getClientInfo(true)}),
 * as its advisories carry it ({@code forAdvisory}: without the JWT): {@code start}, {@code host}, {@code id},
 * {@code acc}, {@code user}, {@code name}, {@code lang}, {@code ver}, {@code rtt} (when measured), {@code server},
 * {@code issuer_key}/{@code name_tag} of a JWT user, {@code kind}, {@code client_type}. Empty values are left out,
 * as Go's {@code omitempty} does.
 */
public final class ClientInfoJson {

    private ClientInfoJson() {}

    /** The block for {@code c} on the server named {@code serverName}, in {@code nats-server}'s key order. */
    public static Map<String, Object> forAdvisory(ClientConnection c, String serverName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", GoTime.format(Instant.ofEpochMilli(c.startedMillis())));
        put(m, "host", c.clientIp());
        m.put("id", c.id());
        put(m, "acc", c.account());
        put(m, "user", c.presentedUser());
        put(m, "name", c.name());
        put(m, "lang", c.lang());
        put(m, "ver", c.version());
        if (c.rttNanos() != 0) {
            m.put("rtt", c.rttNanos());
        }
        put(m, "server", serverName);
        JwtSession jwt = c.jwtSession();
        if (jwt != null) {
            put(m, "issuer_key", jwt.issuerKey());
            put(m, "name_tag", jwt.userName());
        }
        m.put("kind", "Client");
        put(m, "client_type", c.clientType());
        return m;
    }

    /**
     * The block of a leaf-node connection ({@code kind} {@code Leafnode}): its {@code name}, {@code ver} and
     * {@code server} are those the other server presented, {@code user} the one it authenticated with.
     */
    public static Map<String, Object> forLeaf(
            long startedMillis,
            String host,
            long id,
            String account,
            String user,
            String peerName,
            String peerVersion,
            long rttNanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", GoTime.format(Instant.ofEpochMilli(startedMillis)));
        put(m, "host", host);
        m.put("id", id);
        put(m, "acc", account);
        put(m, "user", user);
        put(m, "name", peerName);
        put(m, "ver", peerVersion);
        if (rttNanos != 0) {
            m.put("rtt", rttNanos);
        }
        put(m, "server", peerName);
        m.put("kind", "Leafnode");
        return m;
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }
}
