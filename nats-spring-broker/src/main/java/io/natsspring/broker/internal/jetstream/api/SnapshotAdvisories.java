package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import tools.jackson.databind.node.ObjectNode;

/**
 * The advisories of stream snapshots and restores, as {@code nats-server} sends them: {@code snapshot_create}
 * (with the state the archive is taken at) and {@code snapshot_complete} (start, end, the error if any) on
 * {@code $JS.EVENT.ADVISORY.STREAM.SNAPSHOT_CREATE|SNAPSHOT_COMPLETE.<stream>}, {@code restore_create} and
 * {@code restore_complete} (start, end, the archive bytes received) on
 * {@code $JS.EVENT.ADVISORY.STREAM.RESTORE_CREATE|RESTORE_COMPLETE.<stream>}. Like the API audit, the requesting
 * client's {@code client} block is left out (the dispatcher does not know the connection). Built only while
 * someone listens.
 */
final class SnapshotAdvisories {

    static final String SNAPSHOT_CREATE = "$JS.EVENT.ADVISORY.STREAM.SNAPSHOT_CREATE.";
    static final String SNAPSHOT_COMPLETE = "$JS.EVENT.ADVISORY.STREAM.SNAPSHOT_COMPLETE.";
    static final String RESTORE_CREATE = "$JS.EVENT.ADVISORY.STREAM.RESTORE_CREATE.";
    static final String RESTORE_COMPLETE = "$JS.EVENT.ADVISORY.STREAM.RESTORE_COMPLETE.";

    private final InternalPublisher publisher;

    SnapshotAdvisories(InternalPublisher publisher) {
        this.publisher = publisher;
    }

    /** A snapshot of {@code stream} started at {@code state}. */
    void snapshotCreated(String stream, StreamInfoJson.State state) {
        String subject = SNAPSHOT_CREATE + stream;
        if (!publisher.hasInterest(subject)) {
            return;
        }
        ObjectNode o = ApiAdvisories.event("snapshot_create");
        o.put("stream", stream);
        o.set("state", ApiJson.tree(state));
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }

    /** The snapshot of {@code stream} ended; {@code error} is {@code null} when it completed. */
    void snapshotCompleted(String stream, long startNanos, String error) {
        String subject = SNAPSHOT_COMPLETE + stream;
        if (!publisher.hasInterest(subject)) {
            return;
        }
        ObjectNode o = ApiAdvisories.event("snapshot_complete");
        o.put("stream", stream);
        o.put("start", ApiTime.format(startNanos));
        o.put("end", ApiTime.format(ApiTime.nowNanos()));
        if (error != null && !error.isEmpty()) {
            o.put("error", error);
        }
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }

    /** A restore of {@code stream} was accepted. */
    void restoreCreated(String stream) {
        String subject = RESTORE_CREATE + stream;
        if (!publisher.hasInterest(subject)) {
            return;
        }
        ObjectNode o = ApiAdvisories.event("restore_create");
        o.put("stream", stream);
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }

    /** The restore of {@code stream} ended (restored or failed) after {@code bytes} of archive. */
    void restoreCompleted(String stream, long startNanos, long bytes) {
        String subject = RESTORE_COMPLETE + stream;
        if (!publisher.hasInterest(subject)) {
            return;
        }
        ObjectNode o = ApiAdvisories.event("restore_complete");
        o.put("stream", stream);
        o.put("start", ApiTime.format(startNanos));
        o.put("end", ApiTime.format(ApiTime.nowNanos()));
        o.put("bytes", bytes);
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }
}
