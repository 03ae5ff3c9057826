package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.Expectations;
import io.natsspring.benchmarks.verify.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fast batch publish (ADR-50 fast ingest, {@code allow_batched}) to a file stream: one publisher sends batches of
 * {@value #BATCH} messages carrying the batch in the reply subject
 * ({@code <inbox>.<id>.<flow>.fail.<seq>.<op>.$FI}), asks for a flow ack every {@value #FLOW} messages and keeps at
 * most {@value #OUTSTANDING} acks outstanding (the pacing ADR-50 gives clients); the last message commits the batch
 * and its PubAck ({@code "count":}{@value #BATCH}) ends it. jnats 2.26 has no fast-batch API, so the protocol is
 * driven here with plain publishes and one inbox subscription.
 */
final class FastBatchScenario extends PhasedScenario {

    static final int BATCH = 10_000;
    static final int FLOW = 100;
    static final int OUTSTANDING = 2;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    FastBatchScenario() {
        super(
                "js_fast_batch",
                "JetStream fast batch publish (flow-controlled, batches of 10000), file storage",
                Kind.THROUGHPUT,
                true,
                List.of(128));
    }

    @Override
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection nc = context.connection("pub");
        context.requireJetStream(nc);
        String name = context.name(phase);
        String subject = context.subject(phase);
        JetStreamManagement jsm = nc.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder()
                .name(name)
                .subjects(subject)
                .storageType(StorageType.File)
                .allowBatched(true)
                .build());
        Flow flow = new Flow();
        String inbox = nc.createInbox();
        Dispatcher dispatcher = nc.createDispatcher(flow::onMessage);
        dispatcher.subscribe(inbox + ".>");
        nc.flush(java.time.Duration.ofSeconds(5));
        try {
            ResourceMeter.Span span = context.meter().begin();
            long n = 0;
            long batches = 0;
            long start = System.nanoTime();
            while (budget.msgs() > 0 ? n < budget.msgs() : System.nanoTime() - start < budget.nanos()) {
                String id = "f" + (++batches);
                flow.reset();
                for (int i = 1; i <= BATCH; i++) {
                    int op = i == 1 ? 0 : i == BATCH ? 2 : 1;
                    String reply = inbox + "." + id + "." + FLOW + ".fail." + i + "." + op + ".$FI";
                    nc.publish(subject, reply, payloads.stamped(n + i));
                    if (i < BATCH) {
                        flow.pace(i);
                    }
                }
                String ack = flow.awaitPubAck();
                if (!ack.contains("\"count\":" + BATCH) || !ack.contains("\"seq\":" + (n + BATCH))) {
                    throw new VerificationException("batch " + id + " committed as " + ack);
                }
                n += BATCH;
            }
            ResourceUsage usage = span.end();
            Expectations.equal(
                    "messages in stream " + name,
                    n,
                    jsm.getStreamInfo(name).getStreamState().getMsgCount());
            return new Measurement(
                    n,
                    payloads.size(),
                    usage,
                    null,
                    Map.of("batches", String.valueOf(batches), "flow", FLOW + "x" + OUTSTANDING));
        } finally {
            nc.closeDispatcher(dispatcher);
            jsm.deleteStream(name);
        }
    }

    /** The batch's answers as they arrive: the last flow ack, the PubAck, or what went wrong. */
    private static final class Flow {
        private long ackSeq;
        private long ackMsgs;
        private String pubAck;
        private String failure;

        synchronized void reset() {
            ackSeq = 0;
            ackMsgs = 0;
            pubAck = null;
            failure = null;
        }

        void onMessage(Message m) {
            String body = new String(m.getData(), StandardCharsets.UTF_8);
            synchronized (this) {
                if (body.startsWith("{\"type\":\"ack\"")) {
                    // acks may arrive out of order in principle: a later one implies the earlier ones
                    ackSeq = Math.max(ackSeq, number(body, "\"seq\":"));
                    ackMsgs = number(body, "\"msgs\":");
                } else if (body.startsWith("{\"type\":")) {
                    failure = body; // gap or err: this bench never loses messages
                } else {
                    pubAck = body;
                }
                notifyAll();
            }
        }

        /** After message {@code seq} (not the last): waits while the server owes more acks than allowed. */
        synchronized void pace(long seq) throws InterruptedException, VerificationException {
            long deadline = System.nanoTime() + WAIT_NANOS;
            // the first message waits for the flow the server grants; later ones for outstanding acks
            while (ackMsgs == 0 || ackSeq + ackMsgs * OUTSTANDING <= seq) {
                check(deadline, "flow ack after message " + seq);
            }
        }

        synchronized String awaitPubAck() throws InterruptedException, VerificationException {
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (pubAck == null) {
                check(deadline, "the commit's PubAck");
            }
            return pubAck;
        }

        private void check(long deadline, String what) throws InterruptedException, VerificationException {
            if (failure != null) {
                throw new VerificationException("fast batch failed: " + failure);
            }
            if (pubAck != null && !pubAck.contains("\"batch\"")) {
                throw new VerificationException("fast batch refused: " + pubAck);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new VerificationException("timed out waiting for " + what);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }

        private static long number(String body, String key) {
            int at = body.indexOf(key) + key.length();
            long v = 0;
            for (int i = at; i < body.length() && Character.isDigit(body.charAt(i)); i++) {
                v = v * 10 + (body.charAt(i) - '0');
            }
            return v;
        }
    }
}
