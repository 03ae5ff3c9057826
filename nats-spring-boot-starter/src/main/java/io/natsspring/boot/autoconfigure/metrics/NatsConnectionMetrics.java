package io.natsspring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nats.client.Connection;
import io.nats.client.Statistics;
import java.util.function.ToDoubleFunction;

/**
 * The jnats connection {@link Statistics} as meters, tagged with the connection name: messages and bytes in and
 * out, reconnects, dropped messages, errors, and outstanding requests.
 */
public class NatsConnectionMetrics implements MeterBinder {

    private final Connection connection;
    private final Tags tags;

    public NatsConnectionMetrics(Connection connection) {
        this.connection = connection;
        String name = connection.getOptions().getConnectionName();
        this.tags = Tags.of(Tag.of("connection", name == null ? "default" : name));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "nats.messages.received", "messages", "Messages received", Statistics::getInMsgs);
        counter(registry, "nats.messages.sent", "messages", "Messages sent", Statistics::getOutMsgs);
        counter(registry, "nats.bytes.received", "bytes", "Payload bytes received", Statistics::getInBytes);
        counter(registry, "nats.bytes.sent", "bytes", "Payload bytes sent", Statistics::getOutBytes);
        counter(registry, "nats.reconnects", "reconnects", "Reconnections", Statistics::getReconnects);
        counter(
                registry,
                "nats.messages.dropped",
                "messages",
                "Messages dropped by slow subscriptions",
                Statistics::getDroppedCount);
        counter(registry, "nats.errors", "errors", "Errors reported by the server", Statistics::getErrs);
        counter(registry, "nats.exceptions", "exceptions", "Exceptions in the connection", Statistics::getExceptions);
        counter(registry, "nats.requests.sent", "requests", "Requests sent", Statistics::getRequestsSent);
        counter(registry, "nats.replies.received", "replies", "Replies received", Statistics::getRepliesReceived);
        Gauge.builder(
                        "nats.requests.outstanding",
                        connection,
                        c -> c.getStatistics().getOutstandingRequests())
                .description("Requests waiting for a reply")
                .baseUnit("requests")
                .tags(tags)
                .register(registry);
        Gauge.builder(
                        "nats.connection.connected",
                        connection,
                        c -> c.getStatus() == Connection.Status.CONNECTED ? 1 : 0)
                .description("1 when connected, else 0")
                .tags(tags)
                .register(registry);
    }

    private void counter(
            MeterRegistry registry, String name, String unit, String description, ToDoubleFunction<Statistics> value) {
        FunctionCounter.builder(name, connection, c -> value.applyAsDouble(c.getStatistics()))
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .register(registry);
    }
}
