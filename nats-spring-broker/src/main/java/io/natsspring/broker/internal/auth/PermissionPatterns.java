package io.natsspring.broker.internal.auth;

import java.util.List;

/**
 * A user's configured publish and subscribe patterns, to allow and to deny, as {@link Permissions#compile} takes
 * them, and the optional {@code allow_responses} ({@code null} when off). The embedding API's {@code PermissionsConfig} is translated into this at start.
 */
public record PermissionPatterns(
        List<String> publishAllow,
        List<String> publishDeny,
        List<String> subscribeAllow,
        List<String> subscribeDeny,
        ResponsePermission responses) {

    /** Patterns without {@code allow_responses}. */
    public PermissionPatterns(
            List<String> publishAllow,
            List<String> publishDeny,
            List<String> subscribeAllow,
            List<String> subscribeDeny) {
        this(publishAllow, publishDeny, subscribeAllow, subscribeDeny, null);
    }

    public PermissionPatterns {
        publishAllow = List.copyOf(publishAllow == null ? List.of() : publishAllow);
        publishDeny = List.copyOf(publishDeny == null ? List.of() : publishDeny);
        subscribeAllow = List.copyOf(subscribeAllow == null ? List.of() : subscribeAllow);
        subscribeDeny = List.copyOf(subscribeDeny == null ? List.of() : subscribeDeny);
    }
}
