package io.natsspring.broker.internal.leaf;

import java.util.ArrayList;
import java.util.List;

/**
 * Which JetStream subjects a leaf link keeps off, as {@code nats-server}'s {@code addLeafNodeConnection} decides from
 * the two servers' JetStream domains. For an ordinary account the plain API ({@code $JS.API.>}) and the KV / object
 * store subjects stay on each side, in both directions; the domain-prefixed API ({@code $JS.<domain>.API.>}) crosses,
 * as do {@code $JSC.>}, {@code $JS.ACK.>} and {@code $JS.FC.>} (sourcing and mirroring across the link need them).
 * The system account keeps those too when the domains differ (JetStream is not extended across a link here). When
 * the domains differ and this server has one, its own domain's API does not leave ({@code nats-server}'s guard
 * against a hub and a leaf that share a domain name).
 *
 * @param both     denied in both directions
 * @param outgoing denied to the peer only
 */
record LeafJetStreamRules(List<String> both, List<String> outgoing) {

    /** {@code nats-server}'s {@code denyAllClientJs}. */
    static final List<String> CLIENT_JS = List.of("$JS.API.>", "$KV.>", "$OBJ.>");
    /** {@code nats-server}'s {@code denyAllJs}: {@link #CLIENT_JS} plus the cluster-internal JetStream subjects. */
    static final List<String> ALL_JS = List.of("$JSC.>", "$NRG.>", "$JS.API.>", "$KV.>", "$OBJ.>");

    LeafJetStreamRules {
        both = List.copyOf(both);
        outgoing = List.copyOf(outgoing);
    }

    /**
     * The rules for a link bound to an account.
     *
     * @param localJetStream whether this server runs JetStream
     * @param localDomain    this server's domain, {@code null} when none
     * @param remoteDomain   the peer's domain (its INFO or CONNECT), {@code null} when none
     * @param systemAccount  whether the link is bound to the system account
     * @param hasSystem      whether this server has a system account
     */
    static LeafJetStreamRules of(
            boolean localJetStream, String localDomain, String remoteDomain, boolean systemAccount, boolean hasSystem) {
        String local = localDomain == null ? "" : localDomain;
        String remote = remoteDomain == null ? "" : remoteDomain;
        boolean mismatch = !local.equals(remote) || (!localJetStream && local.isEmpty()) || !hasSystem;
        List<String> both;
        if (mismatch) {
            both = systemAccount ? ALL_JS : CLIENT_JS;
        } else if (systemAccount) {
            both = List.of(); // same domain: nats-server would extend JetStream through the system account
        } else {
            both = CLIENT_JS;
        }
        List<String> outgoing = new ArrayList<>();
        if (mismatch && localJetStream && !local.isEmpty()) {
            outgoing.add("$JS." + local + ".API.>");
        }
        return new LeafJetStreamRules(both, outgoing);
    }
}
