package io.natsspring.broker.internal.auth;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * Reads the permission claims of a user JWT, a scoped signing key's template or an account's
 * {@code default_permissions}: {@code pub}/{@code sub} with {@code allow}/{@code deny} lists and {@code resp}
 * ({@code max} messages, {@code ttl} in nanoseconds; 0 takes nats-server's defaults of 1 message and 2 minutes).
 */
final class JwtPermissions {

    private JwtPermissions() {}

    /** The patterns of {@code node}, or {@code null} when it sets none (as nats-server's nil permissions). */
    static PermissionPatterns of(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        JsonNode pub = node.path("pub");
        JsonNode sub = node.path("sub");
        JsonNode resp = node.path("resp");
        ResponsePermission responses = null;
        if (resp.isObject()) {
            int max = resp.path("max").asInt(0);
            long ttl = resp.path("ttl").asLong(0);
            responses = new ResponsePermission(
                    max == 0 ? ResponsePermission.DEFAULT.maxMsgs() : max,
                    ttl == 0 ? ResponsePermission.DEFAULT.expires() : Duration.ofNanos(ttl));
        }
        PermissionPatterns p = new PermissionPatterns(
                Jwt.strings(pub.path("allow")),
                Jwt.strings(pub.path("deny")),
                Jwt.strings(sub.path("allow")),
                Jwt.strings(sub.path("deny")),
                responses);
        boolean empty = p.publishAllow().isEmpty()
                && p.publishDeny().isEmpty()
                && p.subscribeAllow().isEmpty()
                && p.subscribeDeny().isEmpty()
                && responses == null;
        return empty ? null : p;
    }
}
