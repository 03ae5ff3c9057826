package io.natsspring.broker.internal.auth;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The claims of a user JWT that the broker applies: identity ({@code sub}, issuer, {@code issuer_account}), times,
 * {@code bearer_token}, permissions ({@code null} when the JWT sets none), {@code src} CIDRs, limits
 * ({@code subs}, {@code payload}, {@code data}; -1 unlimited), {@code allowed_connection_types} and connect
 * {@code times}.
 */
public record JwtUser(
        Jwt jwt,
        String issuerAccount,
        boolean bearer,
        PermissionPatterns permissions,
        List<String> sources,
        long subs,
        long payload,
        long data,
        List<String> connectionTypes,
        JwtTimes times) {

    /** The connection types nats-server knows ({@code allowed_connection_types}). */
    private static final java.util.Set<String> KNOWN_TYPES =
            java.util.Set.of("STANDARD", "WEBSOCKET", "LEAFNODE", "LEAFNODE_WS", "MQTT", "MQTT_WS", "IN_PROCESS");

    /**
     * Decodes and verifies a user JWT (signed by an account key).
     *
     * @throws IllegalArgumentException when it is malformed, not a user JWT or not signed by its issuer
     */
    public static JwtUser decode(String text) {
        Jwt jwt = Jwt.decode(text, "user", "A");
        if (!NKeyVerifier.isValidUserKey(jwt.subject())) {
            throw new IllegalArgumentException("user JWT subject is not a user key: " + jwt.subject());
        }
        JsonNode n = jwt.nats();
        String issuerAccount = n.path("issuer_account").asString("");
        return new JwtUser(
                jwt,
                issuerAccount,
                n.path("bearer_token").asBoolean(false),
                JwtPermissions.of(n),
                Jwt.strings(n.path("src")),
                limit(n, "subs"),
                limit(n, "payload"),
                limit(n, "data"),
                Jwt.strings(n.path("allowed_connection_types")),
                JwtTimes.of(n));
    }

    /**
     * As nats-server: true when {@code allowed_connection_types} is empty or names {@code type} (case-insensitive);
     * unknown names are ignored, but a list of only unknown names allows nothing.
     */
    boolean allowsConnectionType(String type) {
        if (connectionTypes.isEmpty()) {
            return true;
        }
        java.util.Set<String> known = new java.util.HashSet<>();
        for (String t : connectionTypes) {
            String upper = t.toUpperCase(java.util.Locale.ROOT);
            if (KNOWN_TYPES.contains(upper)) {
                known.add(upper);
            }
        }
        return known.contains(type);
    }

    /** A limit claim; absent means unlimited (-1). */
    static long limit(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? -1 : v.asLong(-1);
    }

    /** The account the user belongs to: {@code issuer_account}, else the issuer. */
    public String account() {
        return issuerAccount.isEmpty() ? jwt.issuer() : issuerAccount;
    }

    /** True when the JWT sets any permission or limit (a scoped signing key requires neither). */
    boolean hasOwnPermissionsOrLimits() {
        return permissions != null || subs >= 0 || payload >= 0 || data >= 0;
    }
}
