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
 * {@code $JS.EVENT.ADVISORY.STREAM.RESTORE_CREATE|RESTORE_COMPLETE.<stream>}. Like the API audit, each carries the
 * requesting client's {@code client} block and the server's JetStream {@code domain} (when configured). Built only
 * while someone listens.
 */
final class SnapshotAdvisories {

    static final String SNAPSHOT_CREATE = "$JS.EVENT.ADVISORY.STREAM.SNAPSHOT_CREATE.";
    static final String SNAPSHOT_COMPLETE = "$JS.EVENT.ADVISORY.STREAM.SNAPSHOT_COMPLETE.";
    static final String RESTORE_CREATE = "$JS.EVENT.ADVISORY.STREAM.RESTORE_CREATE.";
    static final String RESTORE_COMPLETE = "$JS.EVENT.ADVISORY.STREAM.RESTORE_COMPLETE.";

    private final InternalPublisher publisher;
    private final ApiAdvisories api;

    SnapshotAdvisories(InternalPublisher publisher, ApiAdvisories api) {
        this.publisher = publisher;
        this.api = api;
    }

    /** The requester's {@code client} block, then the {@code domain}, as {@code nats-server} orders them. */
    private void clientAndDomain(ObjectNode o, ApiRequest r) {
        o.set("client", api.client(r));
        ApiAdvisories.putDomain(o, api.domain());
    }

    /** A snapshot of {@code stream} started at {@code state}. */
    void snapshotCreated(ApiRequest r, String stream, StreamInfoJson.State state) {
        String subject = SNAPSHOT_CREATE + stream;
        if (!publisher.hasInterest(subject)) {
            return;
        }
        ObjectNode o = ApiAdvisories.event("snapshot_create");
        o.put("stream", stream);
        o.set("state", ApiJson.tree(state));
        clientAndDomain(o, r);
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }

    /** The snapshot of {@code stream} ended; {@code error} is {@code null} when it completed. */
    void snapshotCompleted(ApiRequest r, String stream, long startNanos, String error) {
        String subject = SNAPSHOT_COMPLETE + stream;
        if (!publisher.hasInterest(subject)) {
            return;
        }
        ObjectNode o = ApiAdvisories.event("snapshot_complete");
        o.put("stream", stream);
        o.put("start", ApiTime.format(startNanos));
        o.put("end", ApiTime.format(ApiTime.nowNanos()));
        clientAndDomain(o, r);
        if (error != null && !error.isEmpty()) {
            o.put("error", error);
        }
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }

    /** A restore of {@code stream} was accepted. */
    void restoreCreated(ApiRequest r, String stream) {
        String subject = RESTORE_CREATE + stream;
        if (!publisher.hasInterest(subject)) {
            return;
        }
        ObjectNode o = ApiAdvisories.event("restore_create");
        o.put("stream", stream);
        clientAndDomain(o, r);
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }

    /** The restore of {@code stream} ended (restored or failed) after {@code bytes} of archive. */
    void restoreCompleted(ApiRequest r, String stream, long startNanos, long bytes) {
        String subject = RESTORE_COMPLETE + stream;
        if (!publisher.hasInterest(subject)) {
            return;
        }
        ObjectNode o = ApiAdvisories.event("restore_complete");
        o.put("stream", stream);
        o.put("start", ApiTime.format(startNanos));
        o.put("end", ApiTime.format(ApiTime.nowNanos()));
        o.put("bytes", bytes);
        clientAndDomain(o, r);
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }
}
