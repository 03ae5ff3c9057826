package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.time.GoTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request being measured across a service import, reported once: when the answer arrives ({@code 200}, the
 * latencies computed as {@code nats-server} does from the requestor's and responder's round trips), when nobody
 * took the request ({@code 503 Service Unavailable}) or when the response threshold passed without an answer
 * ({@code 504 Service Timeout}).
 */
final class LatencyMeasurement {

    private final LatencyReports reports;
    private final ClientConnection requestor;
    private final Map<String, List<String>> header;
    private final long startNanos = System.nanoTime();
    private final long startEpochNanos = GoTime.nowNanos();
    private final AtomicBoolean reported = new AtomicBoolean();

    LatencyMeasurement(LatencyReports reports, ClientConnection requestor, Map<String, List<String>> header) {
        this.reports = reports;
        this.requestor = requestor;
        this.header = header;
    }

    /** The answer arrived from {@code responder} ({@code null}: the broker answered itself). */
    void answered(ClientConnection responder, FlushBatch batch) {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        long now = System.nanoTime();
        long serviceRtt = now - startNanos;
        long respRtt = responder == null ? 0 : responder.rttNanos();
        long reqRtt = requestorRtt();
        long service = serviceRtt - respRtt;
        long total = reqRtt + serviceRtt;
        long system = 0;
        if (respRtt > 0) {
            system = System.nanoTime() - now;
            total += system;
        }
        reports.publish(
                200, null, requestor, responder, header, startEpochNanos - reqRtt, service, system, total, batch);
    }

    /** No answer: {@code 503} when nobody took the request, {@code 504} when the threshold passed. */
    void failed(boolean noDelivery, FlushBatch batch) {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        reports.publish(
                noDelivery ? 503 : 504,
                noDelivery ? "Service Unavailable" : "Service Timeout",
                requestor,
                null,
                header,
                startEpochNanos - requestorRtt(),
                0,
                0,
                0,
                batch);
    }

    private long requestorRtt() {
        return requestor == null ? 0 : requestor.rttNanos();
    }
}
