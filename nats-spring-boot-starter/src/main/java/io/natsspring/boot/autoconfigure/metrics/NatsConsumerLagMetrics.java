package io.natsspring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Consumer lag gauges, tagged with stream and consumer: {@code nats.consumer.pending} (messages not yet
 * delivered), {@code nats.consumer.ack.pending} (delivered, not yet acknowledged) and
 * {@code nats.consumer.redelivered}. Consumer information is fetched from the server every interval on a
 * background thread, so a scrape never waits on the server.
 */
public class NatsConsumerLagMetrics implements MeterBinder, SmartLifecycle {

    private static final Log log = LogFactory.getLog(NatsConsumerLagMetrics.class);

    private final Connection connection;
    private final JetStreamManagement jsm;
    private final Duration interval;
    private final Map<String, ConsumerGauges> gauges = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile ScheduledExecutorService scheduler;

    public NatsConsumerLagMetrics(Connection connection, JetStreamManagement jsm, Duration interval) {
        this.connection = connection;
        this.jsm = jsm;
        this.interval = interval;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nats-consumer-lag");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = s;
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        scheduler = null;
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (Exception e) {
            log.debug("Could not refresh NATS consumer lag: " + e);
        }
    }

    /** Fetches every stream's consumers and updates (or registers) their gauges. */
    public void refresh() throws Exception {
        MeterRegistry r = registry;
        if (r == null
                || connection.getStatus() != Connection.Status.CONNECTED
                || connection.getServerInfo() == null
                || !connection.getServerInfo().isJetStreamAvailable()) {
            return;
        }
        for (String stream : jsm.getStreamNames()) {
            for (ConsumerInfo info : jsm.getConsumers(stream)) {
                gauges.computeIfAbsent(
                                stream + "/" + info.getName(), k -> new ConsumerGauges(r, stream, info.getName()))
                        .update(info);
            }
        }
    }

    /** Stops before the connection drains. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    private static final class ConsumerGauges {
        private final AtomicLong pending = new AtomicLong();
        private final AtomicLong ackPending = new AtomicLong();
        private final AtomicLong redelivered = new AtomicLong();

        ConsumerGauges(MeterRegistry registry, String stream, String consumer) {
            Tags tags = Tags.of("stream", stream, "consumer", consumer);
            Gauge.builder("nats.consumer.pending", pending, AtomicLong::get)
                    .tags(tags)
                    .description("Messages of the stream not yet delivered to the consumer")
                    .register(registry);
            Gauge.builder("nats.consumer.ack.pending", ackPending, AtomicLong::get)
                    .tags(tags)
                    .description("Messages delivered and not yet acknowledged")
                    .register(registry);
            Gauge.builder("nats.consumer.redelivered", redelivered, AtomicLong::get)
                    .tags(tags)
                    .description("Messages redelivered at least once and not yet acknowledged")
                    .register(registry);
        }

        void update(ConsumerInfo info) {
            pending.set(info.getNumPending());
            ackPending.set(info.getNumAckPending());
            redelivered.set(info.getRedelivered());
        }
    }
}
