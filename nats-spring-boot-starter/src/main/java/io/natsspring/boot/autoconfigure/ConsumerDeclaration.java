package io.natsspring.boot.autoconfigure;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.ReplayPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One durable consumer declared under {@code nats.jetstream.consumers[*]}. Unset fields keep the server's
 * defaults and are not compared when the consumer already exists.
 */
public class ConsumerDeclaration {

    /** Stream the consumer reads. */
    private String stream;

    /** Durable name of the consumer. */
    private String durable;

    /** Description. */
    private String description;

    /** Subjects (wildcards allowed) the consumer is limited to; empty reads the whole stream. */
    private List<String> filterSubjects = new ArrayList<>();

    /** Acknowledgement policy: explicit, all or none. */
    private AckPolicy ackPolicy;

    /** Time the server waits for an acknowledgement before redelivering. */
    private Duration ackWait;

    /** Deliveries of one message before it is given up (and dead-lettered, when enabled); -1 is unlimited. */
    private Long maxDeliver;

    /** Redelivery delays, one per attempt (the last repeats); replaces ack-wait for redeliveries. */
    private List<Duration> backoff = new ArrayList<>();

    /** Where a new consumer starts: all, last, new, by_start_sequence, by_start_time, last_per_subject. */
    private DeliverPolicy deliverPolicy;

    /** First stream sequence when deliver-policy is by_start_sequence. */
    private Long startSequence;

    /** Most messages delivered and not yet acknowledged. */
    private Long maxAckPending;

    /** Most pull requests waiting at once. */
    private Long maxWaiting;

    /** Replay speed: instant or original. */
    private ReplayPolicy replayPolicy;

    /** Subject of a push consumer; unset makes a pull consumer. */
    private String deliverSubject;

    /** Queue group of a push consumer's subscribers. */
    private String deliverGroup;

    /** Whether only headers are delivered, not payloads. */
    private Boolean headersOnly;

    /** Replicas of the consumer's state on a clustered server; unset or 0 means the stream's replicas. */
    private Integer replicas;

    /** Whether the consumer's state is kept in memory instead of the stream's storage. */
    private Boolean memStorage;

    /** The jnats configuration this declaration describes. */
    public ConsumerConfiguration toConfiguration() {
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder().durable(durable);
        if (description != null) b.description(description);
        if (filterSubjects.size() == 1) b.filterSubject(filterSubjects.get(0));
        else if (!filterSubjects.isEmpty()) b.filterSubjects(filterSubjects);
        if (ackPolicy != null) b.ackPolicy(ackPolicy);
        if (ackWait != null) b.ackWait(ackWait);
        if (maxDeliver != null) b.maxDeliver(maxDeliver);
        if (!backoff.isEmpty()) b.backoff(backoff.toArray(Duration[]::new));
        if (deliverPolicy != null) b.deliverPolicy(deliverPolicy);
        if (startSequence != null) b.startSequence(startSequence);
        if (maxAckPending != null) b.maxAckPending(maxAckPending);
        if (maxWaiting != null) b.maxPullWaiting(maxWaiting);
        if (replayPolicy != null) b.replayPolicy(replayPolicy);
        if (deliverSubject != null) b.deliverSubject(deliverSubject);
        if (deliverGroup != null) b.deliverGroup(deliverGroup);
        if (headersOnly != null) b.headersOnly(headersOnly);
        if (replicas != null) b.numReplicas(replicas);
        if (memStorage != null) b.memStorage(memStorage);
        return b.build();
    }

    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = stream;
    }

    public String getDurable() {
        return durable;
    }

    public void setDurable(String durable) {
        this.durable = durable;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<String> getFilterSubjects() {
        return filterSubjects;
    }

    public void setFilterSubjects(List<String> filterSubjects) {
        this.filterSubjects = filterSubjects;
    }

    public AckPolicy getAckPolicy() {
        return ackPolicy;
    }

    public void setAckPolicy(AckPolicy ackPolicy) {
        this.ackPolicy = ackPolicy;
    }

    public Duration getAckWait() {
        return ackWait;
    }

    public void setAckWait(Duration ackWait) {
        this.ackWait = ackWait;
    }

    public Long getMaxDeliver() {
        return maxDeliver;
    }

    public void setMaxDeliver(Long maxDeliver) {
        this.maxDeliver = maxDeliver;
    }

    public List<Duration> getBackoff() {
        return backoff;
    }

    public void setBackoff(List<Duration> backoff) {
        this.backoff = backoff;
    }

    public DeliverPolicy getDeliverPolicy() {
        return deliverPolicy;
    }

    public void setDeliverPolicy(DeliverPolicy deliverPolicy) {
        this.deliverPolicy = deliverPolicy;
    }

    public Long getStartSequence() {
        return startSequence;
    }

    public void setStartSequence(Long startSequence) {
        this.startSequence = startSequence;
    }

    public Long getMaxAckPending() {
        return maxAckPending;
    }

    public void setMaxAckPending(Long maxAckPending) {
        this.maxAckPending = maxAckPending;
    }

    public Long getMaxWaiting() {
        return maxWaiting;
    }

    public void setMaxWaiting(Long maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    public ReplayPolicy getReplayPolicy() {
        return replayPolicy;
    }

    public void setReplayPolicy(ReplayPolicy replayPolicy) {
        this.replayPolicy = replayPolicy;
    }

    public String getDeliverSubject() {
        return deliverSubject;
    }

    public void setDeliverSubject(String deliverSubject) {
        this.deliverSubject = deliverSubject;
    }

    public String getDeliverGroup() {
        return deliverGroup;
    }

    public void setDeliverGroup(String deliverGroup) {
        this.deliverGroup = deliverGroup;
    }

    public Boolean getHeadersOnly() {
        return headersOnly;
    }

    public void setHeadersOnly(Boolean headersOnly) {
        this.headersOnly = headersOnly;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Boolean getMemStorage() {
        return memStorage;
    }

    public void setMemStorage(Boolean memStorage) {
        this.memStorage = memStorage;
    }
}
