package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.node.ObjectNode;

/**
 * The advisories the JetStream API itself sends, as {@code nats-server} does: {@code stream_action} on
 * {@code $JS.EVENT.ADVISORY.STREAM.CREATED|UPDATED|DELETED.<stream>} and {@code api_audit} on
 * {@code $JS.EVENT.ADVISORY.API} for every answered request (subject, request, response; the requesting client's
 * details are not known to the dispatcher and left out). Built only while someone listens.
 */
final class ApiAdvisories {

    static final String STREAM_CREATED = "$JS.EVENT.ADVISORY.STREAM.CREATED.";
    static final String STREAM_UPDATED = "$JS.EVENT.ADVISORY.STREAM.UPDATED.";
    static final String STREAM_DELETED = "$JS.EVENT.ADVISORY.STREAM.DELETED.";
    static final String AUDIT = "$JS.EVENT.ADVISORY.API";
    private static final String TYPE = "io.nats.jetstream.advisory.v1.";
    private static final char[] ID_CHARS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final InternalPublisher publisher;
    private final String serverName;

    ApiAdvisories(InternalPublisher publisher, String serverName) {
        this.publisher = publisher;
        this.serverName = serverName;
    }

    void streamCreated(String stream) {
        streamAction(STREAM_CREATED, stream, "create");
    }

    void streamUpdated(String stream) {
        streamAction(STREAM_UPDATED, stream, "modify");
    }

    void streamDeleted(String stream) {
        streamAction(STREAM_DELETED, stream, "delete");
    }

    private void streamAction(String prefix, String stream, String action) {
        String subject = prefix + stream;
        if (!publisher.hasInterest(subject)) {
            return;
        }
        ObjectNode o = event("stream_action");
        o.put("stream", stream);
        o.put("action", action);
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }

    /** {@code api_audit}: the request subject, its body (left out when empty) and the answer sent. */
    void audit(String subject, byte[] request, byte[] response) {
        if (!publisher.hasInterest(AUDIT)) {
            return;
        }
        ObjectNode o = event("api_audit");
        o.put("server", serverName);
        o.put("subject", subject);
        if (request != null && request.length > 0) {
            o.put("request", new String(request, StandardCharsets.UTF_8));
        }
        o.put("response", new String(response, StandardCharsets.UTF_8));
        publisher.publishNow(AUDIT, null, ApiJson.bytes(o));
    }

    /** A new advisory of {@code io.nats.jetstream.advisory.v1.<type>} with its id and timestamp. */
    static ObjectNode event(String type) {
        ObjectNode o = ApiJson.object();
        o.put("type", TYPE + type);
        o.put("id", randomId());
        o.put("timestamp", ApiTime.format(ApiTime.nowNanos()));
        return o;
    }

    private static String randomId() {
        char[] c = new char[22];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_CHARS[ThreadLocalRandom.current().nextInt(ID_CHARS.length)];
        }
        return new String(c);
    }
}
