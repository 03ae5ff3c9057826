package io.natsspring.boot.autoconfigure;

/**
 * JetStream of the embedded broker ({@code nats.broker.jetstream.*}). The short form
 * {@code nats.broker.jetstream=true|false} still works and sets {@code enabled}.
 */
public class NatsBrokerJetStreamProperties {

    /** Whether JetStream is enabled (nats.broker.jetstream=false is the short form). */
    private boolean enabled = true;

    /**
     * JetStream domain of the embedded broker (nats-server's jetstream.domain): with a leaf link, the hub reaches
     * this broker's JetStream through $JS.<domain>.API and a hub stream can source its streams across the link.
     */
    private String domain;

    /**
     * Share of the maximum heap, in percent (1 to 90), that JetStream publishes queued for their stream or being
     * stored may take together before further publishes are refused with 429 (the broker's own
     * jetstream.ingest_heap_percent; unset: 25).
     */
    private Integer ingestHeapPercent;

    public NatsBrokerJetStreamProperties() {}

    /**
     * The short form {@code nats.broker.jetstream=true|false}, used by Spring's conversion.
     *
     * @throws IllegalArgumentException for anything but {@code true} or {@code false}
     */
    public static NatsBrokerJetStreamProperties valueOf(String enabled) {
        String value = enabled == null ? "" : enabled.trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(
                    "nats.broker.jetstream must be true or false (or set nats.broker.jetstream.enabled /"
                            + " nats.broker.jetstream.domain), was '" + enabled + "'");
        }
        NatsBrokerJetStreamProperties p = new NatsBrokerJetStreamProperties();
        p.setEnabled(Boolean.parseBoolean(value));
        return p;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getDomain() {
        return domain;
    }

    public void setDomain(String domain) {
        this.domain = domain;
    }

    public Integer getIngestHeapPercent() {
        return ingestHeapPercent;
    }

    public void setIngestHeapPercent(Integer ingestHeapPercent) {
        this.ingestHeapPercent = ingestHeapPercent;
    }
}
