package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.monitor.MonitorRequestException;
import io.natsspring.broker.internal.monitor.MonitoringEndpoints;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The server-wide system requests, answered in the system account as {@code nats-server} answers them:
 * {@code $SYS.REQ.SERVER.PING} (a statsz message) and, both as {@code $SYS.REQ.SERVER.PING.<NAME>} (every server)
 * and {@code $SYS.REQ.SERVER.<server id>.<NAME>} (this one), {@code IDZ}, {@code STATSZ}, {@code VARZ},
 * {@code CONNZ}, {@code SUBSZ}, {@code JSZ}, {@code HEALTHZ} and {@code ACCOUNTZ}. A JSON body carries the
 * endpoint's options and an event filter ({@code server_name}, {@code host}, …) that, when it excludes this
 * server, leaves the request unanswered.
 */
final class ServerRequests {

    private final ServerEnvelope server;
    private final MonitoringEndpoints monitor;
    private final ServerStats stats;

    ServerRequests(ServerEnvelope server, MonitoringEndpoints monitor, ServerStats stats) {
        this.server = server;
        this.monitor = monitor;
        this.stats = stats;
    }

    void registerAll(SystemRequests requests) {
        requests.register("$SYS.REQ.SERVER.PING", this::statsz);
        Map<String, SystemRequestHandler> byName = new LinkedHashMap<>();
        byName.put("IDZ", this::idz);
        byName.put("STATSZ", this::statsz);
        byName.put("VARZ", r -> monitoring(r, q -> monitor.varz()));
        byName.put("CONNZ", r -> monitoring(r, monitor::connz));
        byName.put("SUBSZ", r -> monitoring(r, monitor::subsz));
        byName.put("JSZ", r -> monitoring(r, monitor::jsz));
        byName.put("HEALTHZ", r -> monitoring(r, monitor::healthz));
        byName.put("ACCOUNTZ", r -> monitoring(r, monitor::accountz));
        byName.forEach((name, handler) -> {
            requests.register("$SYS.REQ.SERVER.PING." + name, handler);
            requests.register("$SYS.REQ.SERVER." + server.id() + "." + name, handler);
        });
    }

    private Object idz(SystemRequest r) {
        return server.idz();
    }

    /** {@code {"server":…,"statsz":…}}, or a 400 error for a body that is not JSON. */
    Object statsz(SystemRequest r) {
        RequestOptions options;
        try {
            options = RequestOptions.of(r);
        } catch (IllegalArgumentException e) {
            return SystemRequest.error(400, e.getMessage());
        }
        if (options.filtersOut(server)) {
            return null;
        }
        return stats.message();
    }

    /**
     * {@code nats-server}'s {@code zReq}: 400 for a body that is not JSON, no answer when the filter excludes this
     * server, the document under {@code data}, or 500 when it can not be made.
     */
    private Object monitoring(SystemRequest r, Function<Map<String, List<String>>, Map<String, Object>> render) {
        RequestOptions options;
        try {
            options = RequestOptions.of(r);
        } catch (IllegalArgumentException e) {
            return SystemRequest.error(400, e.getMessage());
        }
        if (options.filtersOut(server)) {
            return null;
        }
        try {
            return SystemRequest.data(render.apply(options.query()));
        } catch (MonitorRequestException e) {
            return SystemRequest.error(500, e.getMessage());
        }
    }
}
