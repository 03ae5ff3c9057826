package io.natsspring.broker;

import java.time.Duration;
import java.time.Instant;

/**
 * One leaf-node link as the embedded application sees it ({@link NatsBroker#leafLinks()}): a configured remote
 * (this broker is the leaf; listed whether connected or not) or a leaf node connected to this broker (listed while
 * connected).
 *
 * @param role           which side this broker is on
 * @param remote         for {@link Role#HUB_CONNECTION}: the hub URL in use when connected, else the configured URLs
 *                       (comma-separated); for {@link Role#LEAF_CONNECTION}: the leaf node's address; user info
 *                       (passwords, tokens) is never shown
 * @param account        the local account the link binds to
 * @param connected      whether the link is established
 * @param peer           the other server's name ({@code null} when not connected)
 * @param rtt            the last measured round trip ({@code null} before the first or when not connected)
 * @param since          when the link came up, or (not connected) when it went down or the broker started
 * @param failedAttempts connection attempts since the link was last up (0 when connected)
 */
public record LeafLinkStatus(
        Role role,
        String remote,
        String account,
        boolean connected,
        String peer,
        Duration rtt,
        Instant since,
        long failedAttempts) {

    /** Which side of the link this broker is on. */
    public enum Role {
        /** This broker is the leaf: a configured remote, the link to a hub. */
        HUB_CONNECTION,
        /** This broker is the hub: a leaf node connected to its leaf-node port. */
        LEAF_CONNECTION
    }
}
