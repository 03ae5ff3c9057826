package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.natsspring.benchmarks.verify.VerificationException;

/**
 * {@code reqrep_latency} while a background publisher saturates a file stream: one request in flight, the
 * responder on a third connection echoes it.
 */
final class RequestReplyUnderLoadScenario extends UnderLoadScenario {

    RequestReplyUnderLoadScenario() {
        super(
                "reqrep_under_load",
                "core request/reply round trip, one in flight, while another connection saturates a file stream"
                        + " (async publish, " + BACKGROUND_WINDOW + " acks outstanding)");
    }

    @Override
    Operation prepare(ScenarioContext context, Payloads payloads, String phase) throws Exception {
        Connection requester = context.connection("requester");
        Connection responder = context.connection("responder");
        String subject = context.subject(phase);
        Dispatcher echo = responder.createDispatcher(m -> responder.publish(m.getReplyTo(), m.getData()));
        echo.subscribe(subject);
        responder.flush(ScenarioContext.STALL_TIMEOUT);
        return new Operation() {
            @Override
            public void perform(long n) throws Exception {
                Message reply = requester.request(subject, payloads.stamped(n), ScenarioContext.STALL_TIMEOUT);
                if (reply == null) {
                    throw new VerificationException("no reply to request " + n);
                }
                long echoed = payloads.sequenceOf(reply.getData());
                if (echoed != n) {
                    throw new VerificationException("request " + n + " got the reply for " + echoed);
                }
            }

            @Override
            public void close() {
                responder.closeDispatcher(echo);
            }
        };
    }
}
