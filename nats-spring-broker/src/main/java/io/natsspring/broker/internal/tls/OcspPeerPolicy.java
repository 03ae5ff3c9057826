package io.natsspring.broker.internal.tls;

import java.time.Duration;
import java.util.Objects;

/**
 * How client certificates are checked with {@code ocsp_peer}, as {@code nats-server}'s {@code OCSPPeerConfig}.
 *
 * @param caTimeout              how long a responder may take
 * @param clockSkew              tolerance on the response's {@code thisUpdate}/{@code nextUpdate}
 * @param ttlUnsetNextUpdate     how long a response without {@code nextUpdate} stays current
 * @param warnOnly               a failed check only logs a warning
 * @param unknownIsGood          an {@code unknown} status is accepted
 * @param allowWhenCaUnreachable no answer from any responder is accepted (unless a revocation is cached)
 * @param cache                  whether responses are cached ({@code ocsp_cache} type {@code local}, the default)
 * @param preserveRevoked        whether a cached revocation stays when no longer current
 *                               ({@code ocsp_cache { preserve_revoked }})
 */
public record OcspPeerPolicy(
        Duration caTimeout,
        Duration clockSkew,
        Duration ttlUnsetNextUpdate,
        boolean warnOnly,
        boolean unknownIsGood,
        boolean allowWhenCaUnreachable,
        boolean cache,
        boolean preserveRevoked) {

    /** {@code nats-server}'s defaults, with its default (local) cache. */
    public static final OcspPeerPolicy DEFAULTS = new OcspPeerPolicy(
            Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(1), false, false, false, true, false);

    public OcspPeerPolicy {
        Objects.requireNonNull(caTimeout, "caTimeout");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(ttlUnsetNextUpdate, "ttlUnsetNextUpdate");
    }
}
