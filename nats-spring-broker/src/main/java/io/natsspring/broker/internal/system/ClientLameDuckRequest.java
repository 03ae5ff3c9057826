package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.monitor.MonitoredBroker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code $SYS.REQ.SERVER.<server id>.LDM} with {@code {"cid":N}}, as {@code nats-server} 2.15 answers it: sends that
 * one client the lame-duck INFO ({@code "ldm":true}) so that it moves to another server, without the server
 * entering lame-duck mode; {@code {"server":…}} when sent, a 500 error naming why not (no such client, or a client
 * that takes no asynchronous INFO yet), 400 for a body that is not JSON.
 */
final class ClientLameDuckRequest {

    private final ServerEnvelope server;
    private final MonitoredBroker broker;

    ClientLameDuckRequest(ServerEnvelope server, MonitoredBroker broker) {
        this.server = server;
        this.broker = broker;
    }

    void register(SystemRequests requests) {
        requests.register("$SYS.REQ.SERVER." + server.id() + ".LDM", this::handle);
    }

    private Object handle(SystemRequest r) {
        Map<String, Object> body;
        try {
            body = ServerEnvelope.parseOptions(r);
            if (RequestOptions.of(r).filtersOut(server)) {
                return null;
            }
        } catch (RuntimeException e) {
            return SystemRequest.error(400, e.getMessage());
        }
        long cid = body.get("cid") instanceof Number n ? n.longValue() : 0;
        ClientConnection client = broker.connections().stream()
                .filter(c -> c.id() == cid)
                .findFirst()
                .orElse(null);
        if (client == null) {
            return SystemRequest.error(500, "no such client id");
        }
        boolean sent;
        try {
            sent = client.sendLameDuckInfo().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            sent = false;
        }
        if (!sent) {
            return SystemRequest.error(
                    500, "client does not support Lame Duck Mode or is not ready to receive the notification");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        return m;
    }
}
