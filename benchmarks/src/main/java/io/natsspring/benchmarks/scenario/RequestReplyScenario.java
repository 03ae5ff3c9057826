package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.natsspring.benchmarks.measure.LatencyRecorder;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.VerificationException;
import java.util.List;
import java.util.Map;

/** Core request/reply round-trip latency with one request in flight; the responder echoes the request. */
final class RequestReplyScenario extends PhasedScenario {

    RequestReplyScenario() {
        super("reqrep_latency", "core request/reply round trip, one in flight", Kind.LATENCY, false, List.of(128));
    }

    @Override
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection requester = context.connection("requester");
        Connection responder = context.connection("responder");
        String subject = context.subject(phase);
        Dispatcher echo = responder.createDispatcher(m -> responder.publish(m.getReplyTo(), m.getData()));
        echo.subscribe(subject);
        responder.flush(ScenarioContext.STALL_TIMEOUT);
        try {
            LatencyRecorder latency = new LatencyRecorder();
            ResourceMeter.Span span = context.meter().begin();
            long n = 0;
            long start = System.nanoTime();
            while (budget.more(n, start)) {
                byte[] body = payloads.stamped(++n);
                long t0 = System.nanoTime();
                Message reply = requester.request(subject, body, ScenarioContext.STALL_TIMEOUT);
                latency.record(System.nanoTime() - t0);
                if (reply == null) {
                    throw new VerificationException("no reply to request " + n);
                }
                long echoed = payloads.sequenceOf(reply.getData());
                if (echoed != n) {
                    throw new VerificationException("request " + n + " got the reply for " + echoed);
                }
            }
            ResourceUsage usage = span.end();
            return new Measurement(n, payloads.size(), usage, latency.summary(), Map.of());
        } finally {
            responder.closeDispatcher(echo);
        }
    }
}
