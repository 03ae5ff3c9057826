package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.Expectations;
import java.util.List;
import java.util.Map;

/** Core publish throughput with no subscribers: the cost of parsing and discarding. */
final class PublishOnlyScenario extends PhasedScenario {

    PublishOnlyScenario() {
        super("pub_only", "core publish throughput, no subscribers", Kind.THROUGHPUT, false, List.of(16, 128, 1024));
    }

    @Override
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection pub = context.connection("pub");
        String subject = context.subject(phase);
        long outBefore = pub.getStatistics().getOutMsgs();
        ResourceMeter.Span span = context.meter().begin();
        long n = 0;
        long start = System.nanoTime();
        while (budget.more(n, start)) {
            pub.publish(subject, payloads.stamped(++n));
        }
        pub.flush(ScenarioContext.STALL_TIMEOUT);
        ResourceUsage usage = span.end();
        context.checkClientErrors();
        // The count includes protocol messages (the flush's PING), so only a shortfall is a loss.
        Expectations.atLeast("messages the client wrote", n, pub.getStatistics().getOutMsgs() - outBefore);
        return new Measurement(n, payloads.size(), usage, null, Map.of());
    }
}
