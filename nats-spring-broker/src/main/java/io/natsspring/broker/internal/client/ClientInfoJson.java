package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.auth.JwtSession;
import io.natsspring.broker.internal.time.GoTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code nats-server}'s {@code ClientInfo} of a connection, in its key order with empty values left out (Go's
 * {@code omitempty}): the one builder of the advisories' {@code client} block ({@link #forAdvisory}), the
 * {@code Nats-Request-Info} header of service imports and the latency reports' {@code requestor}/{@code responder}
 * ({@link #of}), and a leaf link's block ({@link #forLeaf}).
 */
public final class ClientInfoJson {

    /** Whether and when the detailed form carries the user JWT ({@code jwt}). */
    public enum Jwt {
        /** Never (advisories). */
        NONE,
        /** The JWT the client presented, whenever it presented one. */
        PRESENTED,
        /** The JWT the client presented, only when it logged in as a JWT user. */
        OF_JWT_USER
    }

    private ClientInfoJson() {}

    /**
     * The detailed block ({@code getClientInfo(true)}) for {@code c} on the server named {@code serverName}, as
     * advisories carry it (without the JWT): {@code start}, {@code host}, {@code id}, {@code acc}, {@code user},
     * {@code name}, {@code lang}, {@code ver}, {@code rtt} (when measured), {@code server}, {@code issuer_key}/
     * {@code name_tag} of a JWT user, {@code kind}, {@code client_type}.
     */
    public static Map<String, Object> forAdvisory(ClientConnection c, String serverName) {
        return of(c, true, serverName, Jwt.NONE, c.clientType());
    }

    /**
     * {@code nats-server}'s {@code getClientInfo(detailed)} of {@code c} as a mutable map: {@code acc} and {@code rtt}
     * always; with {@code detailed} also the connection's details, {@code jwt} as {@code jwt} says, {@code kind}
     * {@code Client} and {@code clientType}; {@code server} whenever {@code serverName} is not empty.
     */
    public static Map<String, Object> of(
            ClientConnection c, boolean detailed, String serverName, Jwt jwt, String clientType) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (detailed) {
            m.put("start", GoTime.format(Instant.ofEpochMilli(c.startedMillis())));
            put(m, "host", c.clientIp());
            m.put("id", c.id());
        }
        put(m, "acc", c.account());
        if (detailed) {
            put(m, "user", c.presentedUser());
            put(m, "name", c.name());
            put(m, "lang", c.lang());
            put(m, "ver", c.version());
        }
        if (c.rttNanos() != 0) {
            m.put("rtt", c.rttNanos());
        }
        put(m, "server", serverName);
        if (detailed) {
            JwtSession session = c.jwtSession();
            if (jwt == Jwt.PRESENTED || (jwt == Jwt.OF_JWT_USER && session != null)) {
                put(m, "jwt", c.presentedJwt());
            }
            if (session != null) {
                put(m, "issuer_key", session.issuerKey());
                put(m, "name_tag", session.userName());
            }
            m.put("kind", "Client");
            put(m, "client_type", clientType);
        }
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
