package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.VerificationException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sustained JetStream publishing for the whole measure budget ({@code --seconds}, or {@code --minutes} for the long
 * run) into a file stream capped at {@value #MAX_BYTES_MIB} MiB that discards old messages, so the store stays bounded
 * however long it runs. Every {@value #INTERVAL_SECONDS} s it samples the publish rate and the server's RSS: a flat
 * run has {@code rate_min} near {@code rate_max} and {@code rss_max_kb} near {@code rss_first_kb}.
 */
final class SustainedPublishScenario extends OneShotScenario {

    static final int MAX_BYTES_MIB = 256;
    static final int INTERVAL_SECONDS = 10;

    SustainedPublishScenario() {
        super(
                "js_sustained",
                "JetStream async publish for the whole budget (--minutes) into a 256 MiB discard-old file stream:"
                        + " rate and server RSS every 10 s",
                Kind.THROUGHPUT,
                true);
    }

    @Override
    Measurement measure(ScenarioContext context, Payloads payloads) throws Exception {
        Connection nc = context.connection("pub");
        context.requireJetStream(nc);
        JetStreamManagement jsm = nc.jetStreamManagement();
        String stream = context.name("sustained");
        String subject = context.subject("sustained");
        jsm.addStream(StreamConfiguration.builder()
                .name(stream)
                .subjects(subject)
                .storageType(StorageType.File)
                .maxBytes(MAX_BYTES_MIB * 1024L * 1024)
                .discardPolicy(DiscardPolicy.Old)
                .build());
        try {
            JetStream js = nc.jetStream();
            ResourceMeter meter = context.meter();
            ArrayDeque<CompletableFuture<PublishAck>> pending = new ArrayDeque<>(context.asyncWindow());
            long intervalNanos = TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);
            long rateMin = Long.MAX_VALUE;
            long rateMax = 0;
            long rssFirst = -1;
            long rssMax = -1;
            int intervals = 0;
            long lastSeq = 0;
            ResourceMeter.Span span = meter.begin();
            long start = System.nanoTime();
            long intervalStart = start;
            long intervalCount = 0;
            long n = 0;
            while (context.measure().more(n, start)) {
                if (pending.size() >= context.asyncWindow()) {
                    lastSeq = settle(pending.poll(), lastSeq);
                }
                pending.add(js.publishAsync(subject, payloads.stamped(++n)));
                intervalCount++;
                if ((n & 1023) == 0 && System.nanoTime() - intervalStart >= intervalNanos) {
                    long now = System.nanoTime();
                    long rate = intervalCount * TimeUnit.SECONDS.toNanos(1) / (now - intervalStart);
                    rateMin = Math.min(rateMin, rate);
                    rateMax = Math.max(rateMax, rate);
                    long rss = meter.serverResidentKb();
                    rssFirst = rssFirst < 0 ? rss : rssFirst;
                    rssMax = Math.max(rssMax, rss);
                    intervals++;
                    intervalStart = now;
                    intervalCount = 0;
                }
            }
            while (!pending.isEmpty()) {
                lastSeq = settle(pending.poll(), lastSeq);
            }
            ResourceUsage usage = span.end();
            if (lastSeq != n) {
                throw new VerificationException("last ack sequence " + lastSeq + " after " + n + " publishes");
            }
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("intervals", Integer.toString(intervals));
            if (intervals > 0) {
                extra.put("rate_min", Long.toString(rateMin));
                extra.put("rate_max", Long.toString(rateMax));
                extra.put("rss_first_kb", Long.toString(rssFirst));
                extra.put("rss_max_kb", Long.toString(rssMax));
            }
            return new Measurement(n, payloads.size(), usage, null, extra);
        } finally {
            jsm.deleteStream(stream);
        }
    }

    /** Waits for one ack; acks must come with consecutive sequences. */
    private static long settle(CompletableFuture<PublishAck> future, long lastSeq) throws Exception {
        PublishAck ack = future.get(ScenarioContext.STALL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        if (ack.getSeqno() != lastSeq + 1) {
            throw new VerificationException("ack sequence " + ack.getSeqno() + " after " + lastSeq);
        }
        return ack.getSeqno();
    }
}
