package io.natsspring.broker;

import java.util.List;

/**
 * Publish and subscribe permissions of a user as configured: subject patterns (wildcards allowed) to allow
 * and to deny, and optionally {@link AllowResponses} ({@code null} when off). An empty allow list allows
 * everything not denied, as in {@code nats-server}. Subscribe entries may name a queue group after the subject
 * ({@code "orders.* workers"}).
 */
public record PermissionsConfig(
        List<String> publishAllow,
        List<String> publishDeny,
        List<String> subscribeAllow,
        List<String> subscribeDeny,
        AllowResponses allowResponses) {

    public PermissionsConfig {
        publishAllow = List.copyOf(publishAllow == null ? List.of() : publishAllow);
        publishDeny = List.copyOf(publishDeny == null ? List.of() : publishDeny);
        subscribeAllow = List.copyOf(subscribeAllow == null ? List.of() : subscribeAllow);
        subscribeDeny = List.copyOf(subscribeDeny == null ? List.of() : subscribeDeny);
    }

    /** Permissions without {@code allow_responses}. */
    public PermissionsConfig(
            List<String> publishAllow,
            List<String> publishDeny,
            List<String> subscribeAllow,
            List<String> subscribeDeny) {
        this(publishAllow, publishDeny, subscribeAllow, subscribeDeny, null);
    }
}
