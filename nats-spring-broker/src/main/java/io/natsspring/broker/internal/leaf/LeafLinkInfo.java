package io.natsspring.broker.internal.leaf;

import java.net.InetSocketAddress;

/**
 * One link as {@code /leafz} shows it.
 *
 * @param id           the link id ({@code lid})
 * @param name         the peer server's name
 * @param spoke        whether the peer is the hub (this server solicited the link)
 * @param account      the local account the link is bound to
 * @param ip           the peer's address
 * @param port         the peer's port
 * @param rttNanos     the last measured round trip, 0 before the first
 * @param subscriptions the peer's interest held here
 * @param subjects     that interest, {@code subject} or {@code subject queue}
 */
public record LeafLinkInfo(
        long id,
        String name,
        boolean spoke,
        String account,
        String ip,
        int port,
        long rttNanos,
        long inMsgs,
        long outMsgs,
        long inBytes,
        long outBytes,
        int subscriptions,
        java.util.List<String> subjects,
        long startedMillis) {

    static LeafLinkInfo of(LeafLink l) {
        InetSocketAddress a = l.remoteAddress();
        return new LeafLinkInfo(
                l.id(),
                l.handshake().peerName(),
                l.solicited(),
                l.account() == null ? null : l.account().name(),
                a == null
                        ? ""
                        : a.getAddress() == null
                                ? a.getHostString()
                                : a.getAddress().getHostAddress(),
                a == null ? 0 : a.getPort(),
                l.rttNanos(),
                l.inMsgs.get(),
                l.outMsgs.get(),
                l.inBytes.get(),
                l.outBytes.get(),
                l.subscriptionCount(),
                l.subscriptionKeys(),
                l.startedMillis());
    }
}
