package io.natsspring.broker.internal.server;

import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import io.natsspring.broker.internal.tls.TlsSettings;
import java.security.SecureRandom;

/**
 * The INFO a client receives on connect. The part shared by all clients is rendered once; the client id and
 * address are appended per connection.
 */
final class ServerInfo {

    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** {@code "api_lvl"} after {@code client_ip}, as nats-server 2.15 sends it (with or without JetStream). */
    private static final String API_LEVEL = ",\"api_lvl\":" + ApiLevel.LEVEL;

    private final ServerSettings settings;
    private final TlsSettings tls;
    private final String serverId;
    private final String serverName;
    private final String sharedPrefix;

    private final int serverMaxPayload;

    /** {@code ,"domain":"…"} after {@code client_ip} when JetStream has a domain, as nats-server 2.15 sends it. */
    private final String domainField;

    ServerInfo(ServerSettings settings, int boundPort) {
        this(settings, boundPort, null);
    }

    /** With {@code tls} (or {@code null}): {@code tls_required}, {@code tls_verify}, {@code tls_available}. */
    ServerInfo(ServerSettings settings, int boundPort, TlsSettings tls) {
        this(settings, boundPort, tls, newServerId());
    }

    /** The INFO after a configuration reload: the same server id, the new settings. */
    ServerInfo(ServerSettings settings, int boundPort, TlsSettings tls, String serverId) {
        this(
                settings,
                tls,
                serverId,
                prefix(
                        serverId,
                        settings,
                        settings.host(),
                        boundPort,
                        settings.authRequired(),
                        tls != null && !tls.allowNonTls(),
                        tls != null && tls.allowNonTls(),
                        tls != null && tls.verify()));
    }

    private ServerInfo(ServerSettings settings, TlsSettings tls, String serverId, String sharedPrefix) {
        this.settings = settings;
        this.tls = tls;
        this.serverId = serverId;
        this.serverName = settings.serverName() == null ? serverId : settings.serverName();
        this.sharedPrefix = sharedPrefix;
        this.serverMaxPayload = settings.limits().maxPayload();
        String domain =
                settings.jetStream() == null ? null : settings.jetStream().domain();
        this.domainField = domain == null || domain.isEmpty()
                ? ""
                : field(new StringBuilder(","), "domain", domain).toString();
    }

    /**
     * The INFO of a WebSocket client, as {@code nats-server}'s {@code generateClientInfoJSON} makes it: the
     * WebSocket listener's host and port, {@code tls_required} and {@code tls_available} when it speaks TLS, and
     * {@code auth_required} also when its {@code authorization} block overrides the server's.
     */
    ServerInfo forWebSocket(String host, int port, boolean wsTls, boolean authOverride) {
        return new ServerInfo(
                settings,
                tls,
                serverId,
                prefix(
                        serverId,
                        settings,
                        host,
                        port,
                        settings.authRequired() || authOverride,
                        wsTls,
                        wsTls,
                        tls != null && tls.verify()));
    }

    private static String prefix(
            String serverId,
            ServerSettings settings,
            String host,
            int port,
            boolean authRequired,
            boolean tlsRequired,
            boolean tlsAvailable,
            boolean tlsVerify) {
        String serverName = settings.serverName() == null ? serverId : settings.serverName();
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "server_id", serverId).append(',');
        field(b, "server_name", serverName).append(',');
        field(b, "version", BrokerVersion.NATS_SERVER_VERSION).append(',');
        b.append("\"proto\":").append(BrokerVersion.PROTOCOL).append(',');
        field(b, "java", System.getProperty("java.version")).append(',');
        field(b, "host", host).append(',');
        b.append("\"port\":").append(port).append(',');
        b.append("\"headers\":true,");
        b.append("\"max_payload\":").append(settings.limits().maxPayload()).append(',');
        if (authRequired) {
            b.append("\"auth_required\":true,");
        }
        if (tlsRequired) {
            b.append("\"tls_required\":true,");
        }
        if (tlsAvailable) {
            b.append("\"tls_available\":true,");
        }
        if (tlsVerify) {
            b.append("\"tls_verify\":true,");
        }
        if (settings.jetStream() != null) {
            b.append("\"jetstream\":true,");
        }
        return b.toString();
    }

    String serverId() {
        return serverId;
    }

    String serverName() {
        return serverName;
    }

    /** The INFO of one client; {@code nonce} (null for none) is the challenge NKey users sign. */
    String json(long clientId, String clientIp, String nonce) {
        StringBuilder b = new StringBuilder(sharedPrefix.length() + 72).append(sharedPrefix);
        b.append("\"client_id\":").append(clientId).append(',');
        field(b, "client_ip", clientIp).append(domainField);
        b.append(API_LEVEL);
        if (nonce != null) {
            field(b.append(','), "nonce", nonce);
        }
        return b.append('}').toString();
    }

    /**
     * The INFO sent after a client's first PONG: the shared part with the client's own {@code max_payload}, then
     * {@code client_id}, {@code client_ip}, {@code domain} (with a JetStream domain), {@code connect_info},
     * {@code remote_account} and {@code api_lvl}, in nats-server 2.15.1's order.
     */
    String connectJson(long clientId, String clientIp, String account, int maxPayload) {
        String prefix = sharedPrefix.replace(
                "\"max_payload\":" + serverMaxPayload + ",", "\"max_payload\":" + maxPayload + ",");
        StringBuilder b = new StringBuilder(prefix.length() + 128).append(prefix);
        b.append("\"client_id\":").append(clientId).append(',');
        field(b, "client_ip", clientIp).append(domainField).append(',');
        b.append("\"connect_info\":true,");
        field(b, "remote_account", account).append(API_LEVEL);
        return b.append('}').toString();
    }

    /** As {@link #connectJson}, announcing lame-duck mode with {@code "ldm":true} as {@code nats-server} does. */
    String lameDuckJson(long clientId, String clientIp, String account, int maxPayload) {
        String json = connectJson(clientId, clientIp, account, maxPayload);
        return json.substring(0, json.length() - 1) + ",\"ldm\":true}";
    }

    /** A server id shaped like {@code nats-server}'s: 'N' and 55 base-32 characters. */
    private static String newServerId() {
        SecureRandom r = new SecureRandom();
        char[] c = new char[56];
        c[0] = 'N';
        for (int i = 1; i < c.length; i++) {
            c[i] = ID_ALPHABET[r.nextInt(ID_ALPHABET.length)];
        }
        return new String(c);
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"');
    }
}
