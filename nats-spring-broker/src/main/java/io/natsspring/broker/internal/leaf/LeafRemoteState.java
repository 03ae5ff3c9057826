package io.natsspring.broker.internal.leaf;

import java.net.URI;
import java.util.List;

/**
 * One configured remote (a hub this server connects to as a leaf) as monitoring sees it.
 *
 * @param urls            the configured URLs
 * @param account         the local account ({@code null}: {@code $G})
 * @param connected       whether a link is established now
 * @param connectedUrl    the URL of the established link ({@code null} when down)
 * @param hubName         the hub's server name ({@code null} when down)
 * @param rttNanos        the last measured round trip ({@code 0} before the first or when down)
 * @param sinceMillis     when the link came up, or when it went down (or the remote started) when down
 * @param failedAttempts  connection attempts since the last established link (0 when connected)
 */
public record LeafRemoteState(
        List<URI> urls,
        String account,
        boolean connected,
        URI connectedUrl,
        String hubName,
        long rttNanos,
        long sinceMillis,
        long failedAttempts) {}
