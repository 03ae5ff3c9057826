package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.ClientInfoJson;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The advisories the JetStream API itself sends, as {@code nats-server} does: {@code stream_action} on
 * {@code $JS.EVENT.ADVISORY.STREAM.CREATED|UPDATED|DELETED.<stream>} and {@code api_audit} on
 * {@code $JS.EVENT.ADVISORY.API} for every answered request (the requesting client's {@code client} block, subject,
 * request, response). Both end with the server's JetStream {@code domain} when one is configured. Built only while
 * someone listens.
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
    private final String domain;

    /** @param domain the server's JetStream domain, {@code null} when none */
    ApiAdvisories(InternalPublisher publisher, String serverName, String domain) {
        this.publisher = publisher;
        this.serverName = serverName;
        this.domain = domain;
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
        putDomain(o, domain);
        publisher.publishNow(subject, null, ApiJson.bytes(o));
    }

    /**
     * {@code api_audit}: the requesting client, the request subject, its body (left out when empty) and the answer
     * sent.
     */
    void audit(ApiRequest r, byte[] response) {
        if (!publisher.hasInterest(AUDIT)) {
            return;
        }
        ObjectNode o = event("api_audit");
        o.put("server", serverName);
        o.set("client", client(r));
        o.put("subject", r.subject());
        byte[] request = r.body();
        if (request != null && request.length > 0) {
            o.put("request", new String(request, StandardCharsets.UTF_8));
        }
        o.put("response", new String(response, StandardCharsets.UTF_8));
        putDomain(o, domain);
        publisher.publishNow(AUDIT, null, ApiJson.bytes(o));
    }

    /**
     * The {@code client} block of the request's sender as {@code nats-server} writes it: a client connection
     * ({@link ClientInfoJson}), the broker's own internal client ({@link InternalClient}, kind {@code JetStream}), a
     * leaf link (kind {@code Leafnode}); JSON {@code null} when none is known.
     */
    JsonNode client(ApiRequest r) {
        ClientConnection c = r.client();
        if (c != null) {
            return ApiJson.tree(ClientInfoJson.forAdvisory(c, serverName));
        }
        if (r.internal() != null) {
            return ApiJson.tree(r.internal().forAdvisory(serverName));
        }
        Map<String, Object> link = r.link() == null ? null : r.link().clientInfo();
        return link == null ? NullNode.getInstance() : ApiJson.tree(link);
    }

    /** The server's JetStream domain, {@code null} when none. */
    String domain() {
        return domain;
    }

    /** Adds {@code "domain"} (Go's {@code omitempty}: nothing without a domain). */
    static void putDomain(ObjectNode o, String domain) {
        if (domain != null && !domain.isEmpty()) {
            o.put("domain", domain);
        }
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
