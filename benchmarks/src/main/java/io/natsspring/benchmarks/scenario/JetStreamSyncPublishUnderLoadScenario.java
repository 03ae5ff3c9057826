package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.natsspring.benchmarks.verify.Expectations;
import io.natsspring.benchmarks.verify.VerificationException;

/**
 * {@code js_pub_sync} (publish, wait for the ack) into a second file stream while a background publisher saturates
 * another.
 */
final class JetStreamSyncPublishUnderLoadScenario extends UnderLoadScenario {

    JetStreamSyncPublishUnderLoadScenario() {
        super(
                "js_pub_sync_under_load",
                "JetStream synchronous publish latency, file storage, while another connection saturates a second"
                        + " file stream (async publish, " + BACKGROUND_WINDOW + " acks outstanding)");
    }

    @Override
    Operation prepare(ScenarioContext context, Payloads payloads, String phase) throws Exception {
        Connection nc = context.connection("pub");
        JetStream js = nc.jetStream();
        TemporaryStream stream = new TemporaryStream(nc, context.name(phase), context.subject(phase), StorageType.File);
        return new Operation() {
            @Override
            public void perform(long n) throws Exception {
                PublishAck ack = js.publish(stream.subject(), payloads.stamped(n));
                if (ack.getSeqno() != n || ack.isDuplicate()) {
                    throw new VerificationException("publish " + n + " acked as sequence " + ack.getSeqno()
                            + (ack.isDuplicate() ? " (duplicate)" : ""));
                }
            }

            @Override
            public void verify(long count) throws Exception {
                Expectations.equal("messages in stream " + stream.name(), count, stream.messageCount());
            }

            @Override
            public void close() throws Exception {
                stream.close();
            }
        };
    }
}
