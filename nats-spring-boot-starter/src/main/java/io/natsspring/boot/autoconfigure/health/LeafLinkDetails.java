package io.natsspring.boot.autoconfigure.health;

import io.natsspring.broker.LeafLinkStatus;
import io.natsspring.broker.NatsBroker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded broker's leaf-node links as health details ({@code embeddedBroker.leafLinks}): per link its role
 * ({@code hub} when the broker is the leaf of a remote hub, {@code leaf} when a leaf node connected to it), remote,
 * account, whether it is connected, the peer's name, the round trip and since when. A link that is down does not
 * change the status: the application keeps working on its local broker, and the link catches up when it returns.
 */
final class LeafLinkDetails {

    private LeafLinkDetails() {}

    /** The details of every link; empty when the broker has none. */
    static List<Map<String, Object>> of(NatsBroker broker) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (LeafLinkStatus link : broker.leafLinks()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("role", link.role() == LeafLinkStatus.Role.HUB_CONNECTION ? "hub" : "leaf");
            d.put("remote", link.remote());
            d.put("account", link.account());
            d.put("connected", link.connected());
            if (link.peer() != null) {
                d.put("peer", link.peer());
            }
            if (link.rtt() != null) {
                d.put("rtt", link.rtt().toString());
            }
            d.put(
                    link.connected() ? "connectedSince" : "disconnectedSince",
                    link.since().toString());
            if (!link.connected()) {
                d.put("failedAttempts", link.failedAttempts());
            }
            all.add(d);
        }
        return all;
    }
}
