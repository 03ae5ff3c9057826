package io.natsspring.boot.autoconfigure.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.ObjectStoreStatus;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsspring.boot.autoconfigure.OnConflict;
import java.io.IOException;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Creates or updates declared streams, consumers and buckets so that the server matches their declarations.
 * Only fields a declaration sets are compared and changed. When the server refuses a change, the result depends
 * on {@link OnConflict}: fail with a {@link JetStreamDeclarationException} naming the resource and fields, or warn.
 */
public class JetStreamReconciler {

    private static final Log log = LogFactory.getLog(JetStreamReconciler.class);
    private static final int STREAM_NOT_FOUND = 10059;
    private static final int CONSUMER_NOT_FOUND = 10014;
    private static final int REPLICAS_NOT_SUPPORTED = 10074;

    private final JetStreamManagement jsm;
    private final KeyValueManagement kvm;
    private final ObjectStoreManagement osm;
    private final OnConflict onConflict;

    public JetStreamReconciler(
            JetStreamManagement jsm, KeyValueManagement kvm, ObjectStoreManagement osm, OnConflict onConflict) {
        this.jsm = jsm;
        this.kvm = kvm;
        this.osm = osm;
        this.onConflict = onConflict;
    }

    /** Applies all declarations, in dependency order. */
    public void reconcile(JetStreamDeclarations declarations) {
        if (declarations.isEmpty()) {
            return;
        }
        checkJetStreamAvailable();
        declarations.streams().forEach(this::stream);
        declarations.consumers().forEach(c -> consumer(c.stream(), c.configuration()));
        declarations.unboundConsumers().forEach(c -> consumer(streamOf(c), c));
        declarations.keyValueBuckets().forEach(this::keyValue);
        declarations.objectStoreBuckets().forEach(this::objectStore);
    }

    private void checkJetStreamAvailable() {
        try {
            jsm.getAccountStatistics();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw new JetStreamDeclarationException(
                    "JetStream declarations (nats.jetstream.*) need JetStream, but the"
                            + " server does not answer JetStream requests (" + e.getMessage()
                            + "). Enable it: a nats-server"
                            + " started with -js, or nats.broker.jetstream=true for the embedded broker.",
                    e);
        }
    }

    void stream(StreamConfiguration desired) {
        String what = "stream '" + desired.getName() + "'";
        StreamInfo info = find(() -> jsm.getStreamInfo(desired.getName()), STREAM_NOT_FOUND, what);
        if (info == null) {
            call(() -> jsm.addStream(desired), what, "create", List.of());
            log.info("Created JetStream " + what);
            return;
        }
        StreamConfiguration current = info.getConfiguration();
        List<String> diff = JetStreamConfigFields.STREAM.differences(desired, current);
        if (diff.isEmpty()) {
            return;
        }
        StreamConfiguration merged = JetStreamConfigFields.STREAM.merge(
                desired, current, StreamConfiguration::builder, StreamConfiguration.Builder::build);
        if (call(() -> jsm.updateStream(merged), what, "update", diff)) {
            log.info("Updated JetStream " + what + ": " + diff);
        }
    }

    void consumer(String stream, ConsumerConfiguration desired) {
        String name = desired.getDurable() != null ? desired.getDurable() : desired.getName();
        String what = "consumer '" + name + "' of stream '" + stream + "'";
        ConsumerInfo info = find(() -> jsm.getConsumerInfo(stream, name), CONSUMER_NOT_FOUND, what);
        if (info == null) {
            call(() -> jsm.addOrUpdateConsumer(stream, desired), what, "create", List.of());
            log.info("Created JetStream " + what);
            return;
        }
        ConsumerConfiguration current = info.getConsumerConfiguration();
        List<String> diff = JetStreamConfigFields.CONSUMER.differences(desired, current);
        if (diff.isEmpty()) {
            return;
        }
        ConsumerConfiguration merged = JetStreamConfigFields.CONSUMER.merge(
                desired, current, ConsumerConfiguration::builder, ConsumerConfiguration.Builder::build);
        if (call(() -> jsm.updateConsumer(stream, merged), what, "update", diff)) {
            log.info("Updated JetStream " + what + ": " + diff);
        }
    }

    void keyValue(KeyValueConfiguration desired) {
        String what = "key-value bucket '" + desired.getBucketName() + "'";
        KeyValueStatus status = find(() -> kvm.getStatus(desired.getBucketName()), STREAM_NOT_FOUND, what);
        if (status == null) {
            call(() -> kvm.create(desired), what, "create", List.of());
            log.info("Created JetStream " + what);
            return;
        }
        KeyValueConfiguration current = status.getConfiguration();
        List<String> diff = JetStreamConfigFields.KEY_VALUE.differences(desired, current);
        if (diff.isEmpty()) {
            return;
        }
        KeyValueConfiguration merged = JetStreamConfigFields.KEY_VALUE.merge(
                desired, current, KeyValueConfiguration::builder, KeyValueConfiguration.Builder::build);
        if (call(() -> kvm.update(merged), what, "update", diff)) {
            log.info("Updated JetStream " + what + ": " + diff);
        }
    }

    void objectStore(ObjectStoreConfiguration desired) {
        String what = "object-store bucket '" + desired.getBucketName() + "'";
        ObjectStoreStatus status = find(() -> osm.getStatus(desired.getBucketName()), STREAM_NOT_FOUND, what);
        if (status == null) {
            call(() -> osm.create(desired), what, "create", List.of());
            log.info("Created JetStream " + what);
            return;
        }
        List<String> diff = JetStreamConfigFields.OBJECT_STORE.differences(desired, status.getConfiguration());
        if (diff.isEmpty()) {
            return;
        }
        if (!diff.stream().allMatch(d -> d.startsWith("replicas:") || d.startsWith("placement:"))) {
            conflict(
                    what, diff, "object-store buckets can not be updated in place (only replicas and placement)", null);
            return;
        }
        // Replicas and placement belong to the bucket's stream, which the server updates in place.
        String stream = "OBJ_" + desired.getBucketName();
        StreamInfo info = find(() -> jsm.getStreamInfo(stream), STREAM_NOT_FOUND, what);
        StreamConfiguration.Builder update =
                StreamConfiguration.builder(info.getConfiguration()).replicas(desired.getReplicas());
        if (desired.getPlacement() != null) {
            update.placement(desired.getPlacement());
        }
        if (call(() -> jsm.updateStream(update.build()), what, "update", diff)) {
            log.info("Updated JetStream " + what + ": " + diff);
        }
    }

    /** The one stream that captures the consumer's filter subject. */
    private String streamOf(ConsumerConfiguration consumer) {
        String subject = consumer.getFilterSubject();
        String name = consumer.getDurable() != null ? consumer.getDurable() : consumer.getName();
        if (subject == null) {
            throw new JetStreamDeclarationException(
                    "ConsumerConfiguration bean '" + name + "' has no filter subject"
                            + " to find its stream by; declare a JetStreamConsumerDeclaration(stream, configuration) instead",
                    null);
        }
        List<String> streams = find(() -> jsm.getStreamNames(subject), -1, "streams of subject " + subject);
        if (streams == null || streams.size() != 1) {
            throw new JetStreamDeclarationException(
                    "ConsumerConfiguration bean '" + name + "': subject '" + subject
                            + "' belongs to "
                            + (streams == null || streams.isEmpty() ? "no stream" : "streams " + streams)
                            + "; declare a JetStreamConsumerDeclaration(stream, configuration) instead",
                    null);
        }
        return streams.get(0);
    }

    private <T> T find(JetStreamCall<T> lookup, int notFoundCode, String what) {
        try {
            return lookup.call();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == notFoundCode) {
                return null;
            }
            throw new JetStreamDeclarationException("Could not read JetStream " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new JetStreamDeclarationException("Could not read JetStream " + what + ": " + e.getMessage(), e);
        }
    }

    /** Runs a create or update; returns false when a refused change was only warned about. */
    private boolean call(JetStreamCall<?> change, String what, String action, List<String> diff) {
        try {
            change.call();
            return true;
        } catch (JetStreamApiException e) {
            conflict(
                    what,
                    diff,
                    "the server refused to " + action + " it: " + e.getErrorDescription() + " [error "
                            + e.getApiErrorCode() + "]",
                    e);
            return false;
        } catch (IOException e) {
            throw new JetStreamDeclarationException(
                    "Could not " + action + " JetStream " + what + ": " + e.getMessage(), e);
        }
    }

    private void conflict(String what, List<String> diff, String reason, Exception cause) {
        String fields = diff.isEmpty() ? "" : " (declared change of " + String.join(", ", diff) + ")";
        String message = "JetStream " + what + " does not match its declaration" + fields + ": " + reason + ".";
        if (cause instanceof JetStreamApiException api && api.getApiErrorCode() == REPLICAS_NOT_SUPPORTED) {
            message += " Replicas > 1 need a clustered nats-server: a single server (nats-server without a cluster,"
                    + " or the embedded broker) refuses them as nats-server does; declare replicas: 1 (or leave"
                    + " it unset) where the application runs against one server, e.g. in a profile.";
        }
        if (onConflict == OnConflict.WARN) {
            log.warn(message + " Keeping the server's version (nats.jetstream.declarations.on-conflict=warn).");
            return;
        }
        throw new JetStreamDeclarationException(
                message + " Change the declaration back, delete or migrate the "
                        + "resource on the server, or set nats.jetstream.declarations.on-conflict=warn to start anyway.",
                cause);
    }

    @FunctionalInterface
    private interface JetStreamCall<T> {
        T call() throws IOException, JetStreamApiException;
    }
}
