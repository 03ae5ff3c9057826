package io.natsspring.boot.autoconfigure.jetstream;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.Placement;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;

/** The fields that declarations compare and update, per kind of JetStream resource. */
final class JetStreamConfigFields {

    private JetStreamConfigFields() {}

    static final ConfigDiff<StreamConfiguration, StreamConfiguration.Builder> STREAM = new ConfigDiff<>(
            List.of(
                    new ConfigField<StreamConfiguration, StreamConfiguration.Builder, String>(
                            "description",
                            StreamConfiguration::getDescription,
                            StreamConfiguration.Builder::description),
                    new ConfigField<StreamConfiguration, StreamConfiguration.Builder, List<String>>(
                            "subjects", StreamConfiguration::getSubjects, StreamConfiguration.Builder::subjects),
                    new ConfigField<>(
                            "retention",
                            StreamConfiguration::getRetentionPolicy,
                            StreamConfiguration.Builder::retentionPolicy),
                    new ConfigField<>(
                            "storage", StreamConfiguration::getStorageType, StreamConfiguration.Builder::storageType),
                    new ConfigField<>(
                            "replicas", StreamConfiguration::getReplicas, StreamConfiguration.Builder::replicas),
                    new ConfigField<StreamConfiguration, StreamConfiguration.Builder, Placement>(
                            "placement", StreamConfiguration::getPlacement, StreamConfiguration.Builder::placement),
                    new ConfigField<StreamConfiguration, StreamConfiguration.Builder, Duration>(
                            "max-age", StreamConfiguration::getMaxAge, StreamConfiguration.Builder::maxAge),
                    new ConfigField<>(
                            "max-bytes", StreamConfiguration::getMaxBytes, StreamConfiguration.Builder::maxBytes),
                    new ConfigField<>(
                            "max-msgs", StreamConfiguration::getMaxMsgs, StreamConfiguration.Builder::maxMessages),
                    new ConfigField<>(
                            "max-msgs-per-subject",
                            StreamConfiguration::getMaxMsgsPerSubject,
                            StreamConfiguration.Builder::maxMessagesPerSubject),
                    new ConfigField<>(
                            "max-msg-size",
                            StreamConfiguration::getMaximumMessageSize,
                            StreamConfiguration.Builder::maximumMessageSize),
                    new ConfigField<>(
                            "max-consumers",
                            StreamConfiguration::getMaxConsumers,
                            StreamConfiguration.Builder::maxConsumers),
                    new ConfigField<>(
                            "discard",
                            StreamConfiguration::getDiscardPolicy,
                            StreamConfiguration.Builder::discardPolicy),
                    new ConfigField<StreamConfiguration, StreamConfiguration.Builder, Duration>(
                            "duplicate-window",
                            StreamConfiguration::getDuplicateWindow,
                            StreamConfiguration.Builder::duplicateWindow),
                    new ConfigField<>(
                            "allow-rollup",
                            StreamConfiguration::getAllowRollup,
                            StreamConfiguration.Builder::allowRollup),
                    new ConfigField<>(
                            "deny-delete", StreamConfiguration::getDenyDelete, StreamConfiguration.Builder::denyDelete),
                    new ConfigField<>(
                            "deny-purge", StreamConfiguration::getDenyPurge, StreamConfiguration.Builder::denyPurge),
                    new ConfigField<>(
                            "allow-direct",
                            StreamConfiguration::getAllowDirect,
                            StreamConfiguration.Builder::allowDirect),
                    new ConfigField<>(
                            "compression",
                            StreamConfiguration::getCompressionOption,
                            StreamConfiguration.Builder::compressionOption)),
            () -> StreamConfiguration.builder().name("blank").build());

    static final ConfigDiff<ConsumerConfiguration, ConsumerConfiguration.Builder> CONSUMER = new ConfigDiff<>(
            List.of(
                    new ConfigField<>(
                            "description",
                            ConsumerConfiguration::getDescription,
                            ConsumerConfiguration.Builder::description),
                    new ConfigField<ConsumerConfiguration, ConsumerConfiguration.Builder, List<String>>(
                            "filter-subjects",
                            ConsumerConfiguration::getFilterSubjects,
                            ConsumerConfiguration.Builder::filterSubjects),
                    new ConfigField<>(
                            "ack-policy",
                            ConsumerConfiguration::getAckPolicy,
                            ConsumerConfiguration.Builder::ackPolicy),
                    new ConfigField<ConsumerConfiguration, ConsumerConfiguration.Builder, Duration>(
                            "ack-wait", ConsumerConfiguration::getAckWait, ConsumerConfiguration.Builder::ackWait),
                    new ConfigField<ConsumerConfiguration, ConsumerConfiguration.Builder, Long>(
                            "max-deliver",
                            ConsumerConfiguration::getMaxDeliver,
                            ConsumerConfiguration.Builder::maxDeliver),
                    new ConfigField<ConsumerConfiguration, ConsumerConfiguration.Builder, List<Duration>>(
                            "backoff",
                            ConsumerConfiguration::getBackoff,
                            (b, v) -> b.backoff(v == null ? null : v.toArray(Duration[]::new))),
                    new ConfigField<>(
                            "deliver-policy",
                            ConsumerConfiguration::getDeliverPolicy,
                            ConsumerConfiguration.Builder::deliverPolicy),
                    new ConfigField<ConsumerConfiguration, ConsumerConfiguration.Builder, Long>(
                            "start-sequence",
                            ConsumerConfiguration::getStartSequence,
                            ConsumerConfiguration.Builder::startSequence),
                    new ConfigField<ConsumerConfiguration, ConsumerConfiguration.Builder, Long>(
                            "max-ack-pending",
                            ConsumerConfiguration::getMaxAckPending,
                            ConsumerConfiguration.Builder::maxAckPending),
                    new ConfigField<ConsumerConfiguration, ConsumerConfiguration.Builder, Long>(
                            "max-waiting",
                            ConsumerConfiguration::getMaxPullWaiting,
                            ConsumerConfiguration.Builder::maxPullWaiting),
                    new ConfigField<>(
                            "replay-policy",
                            ConsumerConfiguration::getReplayPolicy,
                            ConsumerConfiguration.Builder::replayPolicy),
                    new ConfigField<>(
                            "deliver-subject",
                            ConsumerConfiguration::getDeliverSubject,
                            ConsumerConfiguration.Builder::deliverSubject),
                    new ConfigField<>(
                            "deliver-group",
                            ConsumerConfiguration::getDeliverGroup,
                            ConsumerConfiguration.Builder::deliverGroup),
                    new ConfigField<ConsumerConfiguration, ConsumerConfiguration.Builder, Boolean>(
                            "headers-only",
                            ConsumerConfiguration::isHeadersOnly,
                            ConsumerConfiguration.Builder::headersOnly),
                    new ConfigField<ConsumerConfiguration, ConsumerConfiguration.Builder, Integer>(
                            "replicas",
                            ConsumerConfiguration::getNumReplicas,
                            ConsumerConfiguration.Builder::numReplicas),
                    new ConfigField<ConsumerConfiguration, ConsumerConfiguration.Builder, Boolean>(
                            "mem-storage",
                            ConsumerConfiguration::isMemStorage,
                            ConsumerConfiguration.Builder::memStorage)),
            () -> ConsumerConfiguration.builder().build());

    static final ConfigDiff<KeyValueConfiguration, KeyValueConfiguration.Builder> KEY_VALUE = new ConfigDiff<>(
            List.of(
                    new ConfigField<KeyValueConfiguration, KeyValueConfiguration.Builder, String>(
                            "description",
                            KeyValueConfiguration::getDescription,
                            KeyValueConfiguration.Builder::description),
                    new ConfigField<KeyValueConfiguration, KeyValueConfiguration.Builder, Long>(
                            "history",
                            KeyValueConfiguration::getMaxHistoryPerKey,
                            (b, v) -> b.maxHistoryPerKey(Math.toIntExact(v))),
                    new ConfigField<KeyValueConfiguration, KeyValueConfiguration.Builder, Duration>(
                            "ttl", KeyValueConfiguration::getTtl, KeyValueConfiguration.Builder::ttl),
                    new ConfigField<KeyValueConfiguration, KeyValueConfiguration.Builder, Long>(
                            "max-bucket-size",
                            KeyValueConfiguration::getMaxBucketSize,
                            KeyValueConfiguration.Builder::maxBucketSize),
                    new ConfigField<KeyValueConfiguration, KeyValueConfiguration.Builder, Integer>(
                            "max-value-size",
                            KeyValueConfiguration::getMaximumValueSize,
                            KeyValueConfiguration.Builder::maximumValueSize),
                    new ConfigField<
                            KeyValueConfiguration, KeyValueConfiguration.Builder, io.nats.client.api.StorageType>(
                            "storage",
                            KeyValueConfiguration::getStorageType,
                            KeyValueConfiguration.Builder::storageType),
                    new ConfigField<KeyValueConfiguration, KeyValueConfiguration.Builder, Integer>(
                            "replicas", KeyValueConfiguration::getReplicas, KeyValueConfiguration.Builder::replicas),
                    new ConfigField<KeyValueConfiguration, KeyValueConfiguration.Builder, Placement>(
                            "placement",
                            KeyValueConfiguration::getPlacement,
                            KeyValueConfiguration.Builder::placement)),
            () -> KeyValueConfiguration.builder().name("blank").build());

    static final ConfigDiff<ObjectStoreConfiguration, ObjectStoreConfiguration.Builder> OBJECT_STORE = new ConfigDiff<>(
            List.of(
                    new ConfigField<ObjectStoreConfiguration, ObjectStoreConfiguration.Builder, String>(
                            "description",
                            ObjectStoreConfiguration::getDescription,
                            ObjectStoreConfiguration.Builder::description),
                    new ConfigField<ObjectStoreConfiguration, ObjectStoreConfiguration.Builder, Duration>(
                            "ttl", ObjectStoreConfiguration::getTtl, ObjectStoreConfiguration.Builder::ttl),
                    new ConfigField<ObjectStoreConfiguration, ObjectStoreConfiguration.Builder, Long>(
                            "max-bucket-size",
                            ObjectStoreConfiguration::getMaxBucketSize,
                            ObjectStoreConfiguration.Builder::maxBucketSize),
                    new ConfigField<
                            ObjectStoreConfiguration, ObjectStoreConfiguration.Builder, io.nats.client.api.StorageType>(
                            "storage",
                            ObjectStoreConfiguration::getStorageType,
                            ObjectStoreConfiguration.Builder::storageType),
                    new ConfigField<ObjectStoreConfiguration, ObjectStoreConfiguration.Builder, Integer>(
                            "replicas",
                            ObjectStoreConfiguration::getReplicas,
                            ObjectStoreConfiguration.Builder::replicas),
                    new ConfigField<ObjectStoreConfiguration, ObjectStoreConfiguration.Builder, Placement>(
                            "placement",
                            ObjectStoreConfiguration::getPlacement,
                            ObjectStoreConfiguration.Builder::placement)),
            () -> ObjectStoreConfiguration.builder().name("blank").build());
}
