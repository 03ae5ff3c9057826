package io.natsspring.boot.autoconfigure;

import io.nats.client.api.CompressionOption;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * One stream declared under {@code nats.jetstream.streams[*]}. Unset fields keep the server's defaults and are
 * not compared when the stream already exists.
 */
public class StreamDeclaration {

    /** Stream name. */
    private String name;

    /** Description. */
    private String description;

    /** Subjects the stream captures (wildcards allowed). */
    private List<String> subjects = new ArrayList<>();

    /** Retention: limits, interest or workqueue. */
    private RetentionPolicy retention;

    /** Storage: file or memory. */
    private StorageType storage;

    /** Number of replicas (clustered servers). */
    private Integer replicas;

    /** Where a clustered server places the replicas (cluster, server tags). */
    private PlacementDeclaration placement;

    /** Oldest message age kept. */
    private Duration maxAge;

    /** Largest total size of the stream. */
    private DataSize maxBytes;

    /** Most messages kept. */
    private Long maxMsgs;

    /** Most messages kept per subject. */
    private Long maxMsgsPerSubject;

    /** Largest single message accepted. */
    private DataSize maxMsgSize;

    /** Most consumers the stream may have. */
    private Long maxConsumers;

    /** Which messages make room when a limit is reached: old or new. */
    private DiscardPolicy discard;

    /** Window in which a repeated Nats-Msg-Id is treated as a duplicate. */
    private Duration duplicateWindow;

    /** Whether Nats-Rollup headers may purge subjects. */
    private Boolean allowRollup;

    /** Whether deleting messages is refused. */
    private Boolean denyDelete;

    /** Whether purging is refused. */
    private Boolean denyPurge;

    /** Whether direct get of messages is allowed. */
    private Boolean allowDirect;

    /** Compression of stored messages: none or s2. */
    private CompressionOption compression;

    /** Whether messages of this stream that exhaust their deliveries are routed to the dead-letter stream. */
    private boolean deadLetter;

    /** The jnats configuration this declaration describes. */
    public StreamConfiguration toConfiguration() {
        StreamConfiguration.Builder b = StreamConfiguration.builder().name(name).subjects(subjects);
        if (description != null) b.description(description);
        if (retention != null) b.retentionPolicy(retention);
        if (storage != null) b.storageType(storage);
        if (replicas != null) b.replicas(replicas);
        if (placement != null && placement.toPlacement() != null) b.placement(placement.toPlacement());
        if (maxAge != null) b.maxAge(maxAge);
        if (maxBytes != null) b.maxBytes(maxBytes.toBytes());
        if (maxMsgs != null) b.maxMessages(maxMsgs);
        if (maxMsgsPerSubject != null) b.maxMessagesPerSubject(maxMsgsPerSubject);
        if (maxMsgSize != null) b.maximumMessageSize(Math.toIntExact(maxMsgSize.toBytes()));
        if (maxConsumers != null) b.maxConsumers(maxConsumers);
        if (discard != null) b.discardPolicy(discard);
        if (duplicateWindow != null) b.duplicateWindow(duplicateWindow);
        if (allowRollup != null) b.allowRollup(allowRollup);
        if (denyDelete != null) b.denyDelete(denyDelete);
        if (denyPurge != null) b.denyPurge(denyPurge);
        if (allowDirect != null) b.allowDirect(allowDirect);
        if (compression != null) b.compressionOption(compression);
        return b.build();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<String> getSubjects() {
        return subjects;
    }

    public void setSubjects(List<String> subjects) {
        this.subjects = subjects;
    }

    public RetentionPolicy getRetention() {
        return retention;
    }

    public void setRetention(RetentionPolicy retention) {
        this.retention = retention;
    }

    public StorageType getStorage() {
        return storage;
    }

    public void setStorage(StorageType storage) {
        this.storage = storage;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Duration getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    public DataSize getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(DataSize maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Long getMaxMsgs() {
        return maxMsgs;
    }

    public void setMaxMsgs(Long maxMsgs) {
        this.maxMsgs = maxMsgs;
    }

    public Long getMaxMsgsPerSubject() {
        return maxMsgsPerSubject;
    }

    public void setMaxMsgsPerSubject(Long maxMsgsPerSubject) {
        this.maxMsgsPerSubject = maxMsgsPerSubject;
    }

    public DataSize getMaxMsgSize() {
        return maxMsgSize;
    }

    public void setMaxMsgSize(DataSize maxMsgSize) {
        this.maxMsgSize = maxMsgSize;
    }

    public Long getMaxConsumers() {
        return maxConsumers;
    }

    public void setMaxConsumers(Long maxConsumers) {
        this.maxConsumers = maxConsumers;
    }

    public DiscardPolicy getDiscard() {
        return discard;
    }

    public void setDiscard(DiscardPolicy discard) {
        this.discard = discard;
    }

    public Duration getDuplicateWindow() {
        return duplicateWindow;
    }

    public void setDuplicateWindow(Duration duplicateWindow) {
        this.duplicateWindow = duplicateWindow;
    }

    public Boolean getAllowRollup() {
        return allowRollup;
    }

    public void setAllowRollup(Boolean allowRollup) {
        this.allowRollup = allowRollup;
    }

    public Boolean getDenyDelete() {
        return denyDelete;
    }

    public void setDenyDelete(Boolean denyDelete) {
        this.denyDelete = denyDelete;
    }

    public Boolean getDenyPurge() {
        return denyPurge;
    }

    public void setDenyPurge(Boolean denyPurge) {
        this.denyPurge = denyPurge;
    }

    public Boolean getAllowDirect() {
        return allowDirect;
    }

    public void setAllowDirect(Boolean allowDirect) {
        this.allowDirect = allowDirect;
    }

    public CompressionOption getCompression() {
        return compression;
    }

    public void setCompression(CompressionOption compression) {
        this.compression = compression;
    }

    public boolean isDeadLetter() {
        return deadLetter;
    }

    public void setDeadLetter(boolean deadLetter) {
        this.deadLetter = deadLetter;
    }

    public PlacementDeclaration getPlacement() {
        return placement;
    }

    public void setPlacement(PlacementDeclaration placement) {
        this.placement = placement;
    }
}
