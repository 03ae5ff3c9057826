package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.verify.VerificationException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run of a scenario against one target uses: its connections (opened on demand, closed with the
 * context), the budgets, the resource meter, and names unique to the run so runs never see each other's data.
 */
public final class ScenarioContext implements AutoCloseable {

    /** How long a scenario waits for a message, reply or ack before calling it lost. */
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(10);

    private final String url;
    private final ResourceMeter meter;
    private final Budget warmup;
    private final Budget measure;
    private final int asyncWindow;
    private final String runId;
    private final ClientErrorCounter errors = new ClientErrorCounter();
    private final Map<String, Connection> connections = new LinkedHashMap<>();

    /** {@code warmup} may be null for none; {@code runId} must be a valid subject token and stream name part. */
    public ScenarioContext(
            String url, ResourceMeter meter, Budget warmup, Budget measure, int asyncWindow, String runId) {
        this.url = url;
        this.meter = meter;
        this.warmup = warmup;
        this.measure = measure;
        this.asyncWindow = asyncWindow;
        this.runId = runId;
    }

    /** The target's URL, e.g. {@code nats://127.0.0.1:4222}. */
    public String url() {
        return url;
    }

    public ResourceMeter meter() {
        return meter;
    }

    /** The warm-up budget, or null when warm-up is off. */
    public Budget warmup() {
        return warmup;
    }

    public Budget measure() {
        return measure;
    }

    /** Outstanding JetStream publish acks allowed before the publisher waits for the oldest. */
    public int asyncWindow() {
        return asyncWindow;
    }

    /** The connection playing {@code role} (e.g. {@code "pub"}, {@code "sub-2"}), opened on first use. */
    public Connection connection(String role) throws IOException, InterruptedException {
        Connection c = connections.get(role);
        if (c == null) {
            Options options = Options.builder()
                    .server(url)
                    .connectionName("bench-" + role)
                    .noReconnect()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .errorListener(errors)
                    .build();
            c = Nats.connect(options);
            connections.put(role, c);
        }
        return c;
    }

    /** {@code count} connections named {@code role-1}..{@code role-count}. */
    public List<Connection> connections(String role, int count) throws IOException, InterruptedException {
        List<Connection> list = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            list.add(connection(role + "-" + i));
        }
        return list;
    }

    /** Throws {@link UnsupportedScenarioException} when the server the connection reached has no JetStream. */
    public void requireJetStream(Connection c) throws UnsupportedScenarioException {
        if (!c.getServerInfo().isJetStreamAvailable()) {
            throw new UnsupportedScenarioException("no_jetstream");
        }
    }

    /** A subject unique to this run and phase, e.g. {@code bench.r3x.measure}. */
    public String subject(String phase) {
        return "bench." + runId + "." + phase;
    }

    /** A stream, consumer or bucket name unique to this run and phase, e.g. {@code BENCH_r3x_measure}. */
    public String name(String phase) {
        return "BENCH_" + runId + "_" + phase;
    }

    /** Throws when jnats reported any error, slow consumer or discarded message on this run's connections. */
    public void checkClientErrors() throws VerificationException {
        if (errors.count() > 0) {
            throw new VerificationException(errors.count() + " client-side problem(s), first: " + errors.first());
        }
    }

    @Override
    public void close() {
        for (Connection c : connections.values()) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        connections.clear();
    }
}
