package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.ClientInfoJson;
import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.time.GoTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the latency measurements of one service import ({@code io.nats.server.metric.v1.service_latency}) on
 * the export's {@code latency} subject in the exporting account, shaped as {@code nats-server}'s
 * {@code ServiceLatency}: status and description, the requestor (its account and round trip only, unless the
 * import shares its details), the responder in detail, the trace headers that triggered the measurement, the
 * request's start, and the service, system and total latencies in nanoseconds. Nothing is built when nobody
 * listens on the subject.
 */
final class LatencyReports {

    static final String TYPE = "io.nats.server.metric.v1.service_latency";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final char[] ID_ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final AccountSpec.Latency latency;
    private final boolean share;
    private final MessageRouter exporter;
    private final ServerIdentity server;

    LatencyReports(AccountSpec.Latency latency, boolean share, MessageRouter exporter, ServerIdentity server) {
        this.latency = latency;
        this.share = share;
        this.exporter = exporter;
        this.server = server;
    }

    AccountSpec.Latency latency() {
        return latency;
    }

    boolean share() {
        return share;
    }

    ServerIdentity server() {
        return server;
    }

    /** A request to be measured was sent without a reply subject: {@code 400 Bad Request}. */
    void badRequest(ClientConnection requestor, Map<String, List<String>> header, FlushBatch batch) {
        long rtt = requestor == null ? 0 : requestor.rttNanos();
        publish(report(400, "Bad Request", requestor, null, header, GoTime.nowNanos() - rtt, 0, 0, 0), batch);
    }

    /** A measurement: builds and publishes it unless nobody listens. */
    void publish(
            int status,
            String description,
            ClientConnection requestor,
            ClientConnection responder,
            Map<String, List<String>> header,
            long startEpochNanos,
            long service,
            long system,
            long total,
            FlushBatch batch) {
        publish(
                report(status, description, requestor, responder, header, startEpochNanos, service, system, total),
                batch);
    }

    private void publish(Map<String, Object> report, FlushBatch batch) {
        if (exporter.match(latency.subject()).isEmpty()) {
            return;
        }
        byte[] payload = JSON.writeValueAsBytes(report);
        exporter.route(InboundMessage.of(latency.subject(), null, null, payload), null, batch);
    }

    private Map<String, Object> report(
            int status,
            String description,
            ClientConnection requestor,
            ClientConnection responder,
            Map<String, List<String>> header,
            long startEpochNanos,
            long service,
            long system,
            long total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("id", eventId());
        m.put("timestamp", GoTime.format(Instant.now()));
        m.put("status", status);
        if (description != null) {
            m.put("description", description);
        }
        if (requestor != null) {
            m.put("requestor", clientInfo(requestor, share));
        }
        if (responder != null) {
            m.put("responder", clientInfo(responder, true));
        }
        if (header != null && !header.isEmpty()) {
            m.put("header", header);
        }
        m.put("start", GoTime.format(startEpochNanos));
        m.put("service", Math.max(0, service));
        m.put("system", Math.max(0, system));
        m.put("total", total);
        return m;
    }

    /**
     * {@code nats-server}'s {@code getClientInfo(detailed)}: the account and round trip always, the connection's
     * details and the server's name when detailed.
     */
    private Map<String, Object> clientInfo(ClientConnection c, boolean detailed) {
        return ClientInfoJson.of(
                c, detailed, detailed ? server.name() : null, ClientInfoJson.Jwt.OF_JWT_USER, c.clientType());
    }

    private static String eventId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[22];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_ALPHABET[r.nextInt(ID_ALPHABET.length)];
        }
        return new String(c);
    }
}
