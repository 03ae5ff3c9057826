package io.natsspring.broker.internal.jetstream.stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.base.GoType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A stream's configuration as the API carries it ({@code StreamConfig} of {@code nats-server}), bound to JSON by
 * Jackson with the server's field names, omissions, order and strictness ({@code pedantic} of the create request
 * is ignored). Durations are in nanoseconds;
 * {@code -1} means unlimited for the limits. Parts this broker does not act on are kept as raw JSON so they can
 * be echoed ({@code placement}) or refused ({@code mirror}, {@code sources}, {@code republish},
 * {@code subject_transform}). Instances are immutable values: equal configs compare equal.
 *
 * @param storage              {@code null} when the request left it out (written as {@code file})
 * @param compression          {@code "none"} or {@code "s2"}; with s2 a file store compresses its sealed
 *                             blocks (LZ4, see {@code BlockCodec}); clients see no difference
 * @param consumerLimits       {@code consumer_limits} (never {@code null})
 * @param metadata             user metadata, {@code null} or non-empty
 * @param allowBatched         {@code allow_batched}: fast batch publish (ADR-50 fast ingest, see {@code FastBatches})
 */
@GoType("server.StreamConfig")
@JsonIgnoreProperties({"pedantic"})
@JsonPropertyOrder({
    "name",
    "description",
    "subjects",
    "retention",
    "max_consumers",
    "max_msgs",
    "max_bytes",
    "max_age",
    "max_msgs_per_subject",
    "max_msg_size",
    "discard",
    "storage",
    "num_replicas",
    "no_ack",
    "template_owner",
    "duplicate_window",
    "placement",
    "mirror",
    "sources",
    "compression",
    "first_seq",
    "subject_transform",
    "republish",
    "allow_direct",
    "mirror_direct",
    "discard_new_per_subject",
    "sealed",
    "deny_delete",
    "deny_purge",
    "allow_rollup_hdrs",
    "consumer_limits",
    "allow_msg_ttl",
    "subject_delete_marker_ttl",
    "allow_msg_counter",
    "allow_atomic",
    "allow_msg_schedules",
    "persist_mode",
    "allow_batched",
    "metadata"
})
public record StreamConfig(
        @JsonProperty("name") String name,

        @JsonProperty("description") @JsonInclude(Include.NON_NULL)
        String description,

        @JsonProperty("subjects") @JsonInclude(Include.NON_EMPTY)
        List<String> subjects,

        @JsonProperty("retention") RetentionPolicy retention,

        @JsonProperty("max_consumers") @JsonDeserialize(using = GoScalars.Int.class)
        long maxConsumers,

        @JsonProperty("max_msgs") long maxMsgs,
        @JsonProperty("max_bytes") long maxBytes,

        @JsonProperty("max_age") @JsonDeserialize(using = GoScalars.Duration.class)
        long maxAgeNanos,

        @JsonProperty("max_msgs_per_subject") long maxMsgsPerSubject,

        @JsonProperty("max_msg_size") @JsonInclude(Include.NON_DEFAULT) @JsonDeserialize(using = GoScalars.Int32.class)
        long maxMsgSize,

        @JsonProperty("discard") DiscardPolicy discard,

        @JsonProperty("storage") @JsonSerialize(nullsUsing = StorageType.UnsetIsFile.class)
        StorageType storage,

        @JsonProperty("num_replicas") @JsonDeserialize(using = GoScalars.Int.class)
        long replicas,

        @JsonProperty("no_ack") @JsonInclude(Include.NON_DEFAULT)
        boolean noAck,

        @JsonProperty("template_owner") @JsonInclude(Include.NON_NULL)
        String templateOwner,

        @JsonProperty("duplicate_window")
        @JsonInclude(Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Duration.class)
        long duplicateWindowNanos,

        @JsonProperty("placement")
        @JsonInclude(Include.NON_NULL)
        @GoType("server.Placement")
        @JsonDeserialize(using = GoScalars.RawObject.class)
        JsonNode placement,

        @JsonProperty("mirror")
        @JsonInclude(Include.NON_NULL)
        @GoType("server.StreamSource")
        @JsonDeserialize(using = GoScalars.RawObject.class)
        JsonNode mirror,

        @JsonProperty("sources")
        @JsonInclude(Include.NON_NULL)
        @GoType("[]*server.StreamSource")
        @JsonDeserialize(using = GoScalars.RawObjectArray.class)
        JsonNode sources,

        @JsonProperty("compression") @JsonDeserialize(using = Compression.class)
        String compression,

        @JsonProperty("first_seq") @JsonInclude(Include.NON_DEFAULT) @JsonDeserialize(using = GoScalars.Uint64.class)
        long firstSeq,

        @JsonProperty("subject_transform")
        @JsonInclude(Include.NON_NULL)
        @GoType("server.SubjectTransformConfig")
        @JsonDeserialize(using = GoScalars.RawObject.class)
        JsonNode subjectTransform,

        @JsonProperty("republish")
        @JsonInclude(Include.NON_NULL)
        @GoType("server.RePublish")
        @JsonDeserialize(using = GoScalars.RawObject.class)
        JsonNode republish,

        @JsonProperty("allow_direct") boolean allowDirect,
        @JsonProperty("mirror_direct") boolean mirrorDirect,

        @JsonProperty("discard_new_per_subject") @JsonInclude(Include.NON_DEFAULT)
        boolean discardNewPerSubject,

        @JsonProperty("sealed") boolean sealed,
        @JsonProperty("deny_delete") boolean denyDelete,
        @JsonProperty("deny_purge") boolean denyPurge,
        @JsonProperty("allow_rollup_hdrs") boolean allowRollup,
        @JsonProperty("consumer_limits") ConsumerLimits consumerLimits,

        @JsonProperty("metadata") @JsonInclude(Include.NON_EMPTY)
        Map<String, String> metadata,

        @JsonProperty("allow_msg_ttl") boolean allowMsgTtl,

        @JsonProperty("subject_delete_marker_ttl")
        @JsonInclude(Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Duration.class)
        long subjectDeleteMarkerTtlNanos,

        @JsonProperty("allow_msg_counter") @JsonInclude(Include.NON_DEFAULT)
        boolean allowMsgCounter,

        @JsonProperty("allow_atomic") @JsonInclude(Include.NON_DEFAULT)
        boolean allowAtomic,

        @JsonProperty("allow_msg_schedules") @JsonInclude(Include.NON_DEFAULT)
        boolean allowMsgSchedules,

        @JsonProperty("persist_mode") @JsonInclude(Include.NON_NULL)
        PersistMode persistMode,

        @JsonProperty("allow_batched") @JsonInclude(Include.NON_DEFAULT)
        boolean allowBatched) {

    /** Default duplicate window: two minutes. */
    public static final long DEFAULT_DUPLICATE_WINDOW_NANOS = 120_000_000_000L;

    /** Normalizes what JSON leaves open: no name is {@code ""}, empty texts and collections are unset. */
    public StreamConfig {
        name = name == null ? "" : name;
        description = description == null || description.isEmpty() ? null : description;
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        retention = retention == null ? RetentionPolicy.LIMITS : retention;
        discard = discard == null ? DiscardPolicy.OLD : discard;
        templateOwner = templateOwner == null || templateOwner.isEmpty() ? null : templateOwner;
        compression = compression == null ? Compression.NONE : compression;
        consumerLimits = consumerLimits == null ? ConsumerLimits.NONE : consumerLimits;
        metadata = metadata == null || metadata.isEmpty() ? null : Collections.unmodifiableMap(new TreeMap<>(metadata));
        persistMode = persistMode == PersistMode.DEFAULT ? null : persistMode;
    }

    /** The persist mode; {@link PersistMode#DEFAULT} when unset. */
    public PersistMode persist() {
        return persistMode == null ? PersistMode.DEFAULT : persistMode;
    }

    /** A copy with other subjects. */
    public StreamConfig withSubjects(List<String> v) {
        return new StreamConfig(
                name,
                description,
                List.copyOf(v),
                retention,
                maxConsumers,
                maxMsgs,
                maxBytes,
                maxAgeNanos,
                maxMsgsPerSubject,
                maxMsgSize,
                discard,
                storage,
                replicas,
                noAck,
                templateOwner,
                duplicateWindowNanos,
                placement,
                mirror,
                sources,
                compression,
                firstSeq,
                subjectTransform,
                republish,
                allowDirect,
                mirrorDirect,
                discardNewPerSubject,
                sealed,
                denyDelete,
                denyPurge,
                allowRollup,
                consumerLimits,
                metadata,
                allowMsgTtl,
                subjectDeleteMarkerTtlNanos,
                allowMsgCounter,
                allowAtomic,
                allowMsgSchedules,
                persistMode,
                allowBatched);
    }

    /** A copy with limits fields replaced (used while normalizing). */
    StreamConfig withLimits(
            long maxConsumers,
            long maxMsgs,
            long maxBytes,
            long maxMsgsPerSubject,
            long maxMsgSize,
            long duplicateWindowNanos,
            long replicas,
            StorageType storage) {
        return new StreamConfig(
                name,
                description,
                subjects,
                retention,
                maxConsumers,
                maxMsgs,
                maxBytes,
                maxAgeNanos,
                maxMsgsPerSubject,
                maxMsgSize,
                discard,
                storage,
                replicas,
                noAck,
                templateOwner,
                duplicateWindowNanos,
                placement,
                mirror,
                sources,
                compression,
                firstSeq,
                subjectTransform,
                republish,
                allowDirect,
                mirrorDirect,
                discardNewPerSubject,
                sealed,
                denyDelete,
                denyPurge,
                allowRollup,
                consumerLimits,
                metadata,
                allowMsgTtl,
                subjectDeleteMarkerTtlNanos,
                allowMsgCounter,
                allowAtomic,
                allowMsgSchedules,
                persistMode,
                allowBatched);
    }

    /** A copy adjusted for a sealed stream (as {@code nats-server} does on update). */
    StreamConfig sealedCopy() {
        return new StreamConfig(
                name,
                description,
                subjects,
                retention,
                maxConsumers,
                maxMsgs,
                maxBytes,
                0,
                maxMsgsPerSubject,
                maxMsgSize,
                DiscardPolicy.NEW,
                storage,
                replicas,
                noAck,
                templateOwner,
                duplicateWindowNanos,
                placement,
                mirror,
                sources,
                compression,
                firstSeq,
                subjectTransform,
                republish,
                allowDirect,
                mirrorDirect,
                discardNewPerSubject,
                true,
                true,
                true,
                false,
                consumerLimits,
                metadata,
                allowMsgTtl,
                subjectDeleteMarkerTtlNanos,
                allowMsgCounter,
                allowAtomic,
                allowMsgSchedules,
                persistMode,
                allowBatched);
    }

    /** A copy with {@code mirror_direct} set (a mirror inherits its origin's {@code allow_direct}). */
    public StreamConfig withMirrorDirect(boolean v) {
        return new StreamConfig(
                name,
                description,
                subjects,
                retention,
                maxConsumers,
                maxMsgs,
                maxBytes,
                maxAgeNanos,
                maxMsgsPerSubject,
                maxMsgSize,
                discard,
                storage,
                replicas,
                noAck,
                templateOwner,
                duplicateWindowNanos,
                placement,
                mirror,
                sources,
                compression,
                firstSeq,
                subjectTransform,
                republish,
                allowDirect,
                v,
                discardNewPerSubject,
                sealed,
                denyDelete,
                denyPurge,
                allowRollup,
                consumerLimits,
                metadata,
                allowMsgTtl,
                subjectDeleteMarkerTtlNanos,
                allowMsgCounter,
                allowAtomic,
                allowMsgSchedules,
                persistMode,
                allowBatched);
    }

    /** A copy with the flags subject delete markers imply ({@code allow_msg_ttl}, roll-ups, purge permitted). */
    StreamConfig withMarkerFlags() {
        return new StreamConfig(
                name,
                description,
                subjects,
                retention,
                maxConsumers,
                maxMsgs,
                maxBytes,
                maxAgeNanos,
                maxMsgsPerSubject,
                maxMsgSize,
                discard,
                storage,
                replicas,
                noAck,
                templateOwner,
                duplicateWindowNanos,
                placement,
                mirror,
                sources,
                compression,
                firstSeq,
                subjectTransform,
                republish,
                allowDirect,
                mirrorDirect,
                discardNewPerSubject,
                sealed,
                denyDelete,
                false,
                true,
                consumerLimits,
                metadata,
                true,
                subjectDeleteMarkerTtlNanos,
                allowMsgCounter,
                allowAtomic,
                allowMsgSchedules,
                persistMode,
                allowBatched);
    }

    /** A copy with roll-ups allowed and purges permitted (what message schedules imply). */
    StreamConfig withRollupAllowed() {
        return new StreamConfig(
                name,
                description,
                subjects,
                retention,
                maxConsumers,
                maxMsgs,
                maxBytes,
                maxAgeNanos,
                maxMsgsPerSubject,
                maxMsgSize,
                discard,
                storage,
                replicas,
                noAck,
                templateOwner,
                duplicateWindowNanos,
                placement,
                mirror,
                sources,
                compression,
                firstSeq,
                subjectTransform,
                republish,
                allowDirect,
                mirrorDirect,
                discardNewPerSubject,
                sealed,
                denyDelete,
                false,
                true,
                consumerLimits,
                metadata,
                allowMsgTtl,
                subjectDeleteMarkerTtlNanos,
                allowMsgCounter,
                allowAtomic,
                allowMsgSchedules,
                persistMode,
                allowBatched);
    }
}
