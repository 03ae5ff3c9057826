package io.natsspring.broker.internal.auth;

import tools.jackson.databind.JsonNode;

/**
 * The template of a scoped signing key ({@code kind: user_scope}): the permissions and limits every user it signs
 * gets instead of the user JWT's own; its template functions ({@code {{name()}}}…) are expanded per user by
 * {@link JwtPermissionTemplate}.
 */
record JwtUserScope(PermissionPatterns permissions, long subs, long payload) {

    static JwtUserScope of(JsonNode template) {
        return new JwtUserScope(
                JwtPermissions.of(template), JwtUser.limit(template, "subs"), JwtUser.limit(template, "payload"));
    }
}
