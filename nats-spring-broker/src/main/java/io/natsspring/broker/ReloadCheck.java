package io.natsspring.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings a running broker can not take over on {@link NatsBroker#reload}: a change to one of them refuses
 * the whole reload with {@code nats-server}'s error text ({@code config reload not supported for <Field>: old=…,
 * new=…}, the field named as in nats-server's options).
 */
final class ReloadCheck {

    private ReloadCheck() {}

    /**
     * @param boundPort the port the broker listens on (what a configured port 0 resolved to)
     * @throws IllegalArgumentException for the first setting that changed but can not be reloaded
     */
    static void refuseUnsupported(BrokerOptions old, BrokerOptions now, int boundPort) {
        refuse("Host", old.host(), now.host());
        if (now.port() != 0) {
            refuse("Port", old.port() == 0 ? boundPort : old.port(), now.port());
        }
        refuse("ServerName", nullToEmpty(old.serverName()), nullToEmpty(now.serverName()));
        refuse("HTTPPort", old.httpPort(), now.httpPort());
        refuse("HTTPSPort", old.httpsPort(), now.httpsPort());
        refuse("MaxPending", old.maxPending(), now.maxPending());
        noAuthUser(old, now);
        refuse("AllowNonTLS", allowNonTls(old), allowNonTls(now));
        refuse("JetStream", old.jetStream(), now.jetStream());
        refuse("FeatureFlags", old.featureFlags(), now.featureFlags());
        webSocket(old.webSocket(), now.webSocket());
        if (old.jetStream()) {
            if (!Objects.equals(old.storeDir(), now.storeDir())) {
                throw new IllegalArgumentException("config reload not supported for jetstream storage directory");
            }
            if (old.maxMemoryStore() != now.maxMemoryStore() || old.maxFileStore() != now.maxFileStore()) {
                throw new IllegalArgumentException(
                        "config reload not supported for jetstream max memory and max store");
            }
            refuse("SyncInterval", goDuration(old.syncInterval()), goDuration(now.syncInterval()));
            refuse("SyncAlways", old.syncAlways(), now.syncAlways());
            refuse("JetStreamRequestQueueLimit", old.jetStreamRequestQueueLimit(), now.jetStreamRequestQueueLimit());
            refuse("JetStreamInfoQueueLimit", old.jetStreamInfoQueueLimit(), now.jetStreamInfoQueueLimit());
            refuse("JetStreamIngestHeapPercent", old.jetStreamIngestHeapPercent(), now.jetStreamIngestHeapPercent());
        }
    }

    /**
     * As nats-server: {@code no_auth_user} may only go away together with the user it named; any other change is
     * refused.
     */
    private static void noAuthUser(BrokerOptions old, BrokerOptions now) {
        String before = nullToEmpty(old.noAuthUser());
        String after = nullToEmpty(now.noAuthUser());
        if (before.equals(after)) {
            return;
        }
        if (!before.isEmpty() && after.isEmpty() && !userExists(now, before)) {
            return;
        }
        throw notSupported("NoAuthUser", before, after);
    }

    /** As nats-server: only the TLS material of the {@code websocket} block may change. */
    private static void webSocket(WebSocketConfig old, WebSocketConfig now) {
        if (old == null && now == null || old != null && old.sameExceptTls(now)) {
            return;
        }
        throw notSupported("Websocket", old == null ? "{}" : old, now == null ? "{}" : now);
    }

    private static boolean userExists(BrokerOptions o, String name) {
        if (name.equals(o.user())) {
            return true;
        }
        boolean inUsers = o.users().stream().anyMatch(u -> name.equals(u.user()) || name.equals(u.nkey()));
        return inUsers
                || o.accounts().stream()
                        .flatMap(a -> a.users().stream())
                        .anyMatch(u -> name.equals(u.user()) || name.equals(u.nkey()));
    }

    private static boolean allowNonTls(BrokerOptions o) {
        return o.tls() != null && o.tls().allowNonTls();
    }

    private static void refuse(String field, Object old, Object now) {
        if (!Objects.equals(old, now)) {
            throw notSupported(field, old, now);
        }
    }

    private static IllegalArgumentException notSupported(String field, Object old, Object now) {
        return new IllegalArgumentException(
                "config reload not supported for " + field + ": old=" + old + ", new=" + now);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A duration as Go prints it ({@code 2m0s}, {@code 10s}, {@code 500ms}). */
    static String goDuration(Duration d) {
        if (d == null) {
            return "0s";
        }
        if (d.isZero()) {
            return "0s";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = d.toNanos();
            return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos / 1000.0 + "µs";
        }
        StringBuilder b = new StringBuilder();
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            b.append(minutes).append('m');
        }
        long nanos = d.toSecondsPart() * 1_000_000_000L + d.toNanosPart();
        String seconds =
                java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
        return b.append(seconds).append('s').toString();
    }
}
