package io.natsspring.benchmarks.scenario;

import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.VerificationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory per idle client connection: opens {@code connections} connections, each greeted ({@code INFO}),
 * logged in ({@code CONNECT}) and answered ({@code PING}/{@code PONG}), holds them all, and reports the server's
 * growth per connection and the connect rate.
 *
 * <p>The connections are plain sockets speaking the three protocol lines every client starts with, not jnats: a
 * jnats connection runs its own reader and writer threads, and 10,000 of them would measure the bench, not the
 * server. No TLS and no authentication: the scenario is skipped for {@code tls://} targets.
 */
final class ConnectionsScenario extends OneShotScenario {

    private static final byte[] HELLO = ("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,"
                    + "\"name\":\"bench-scale\",\"lang\":\"bench\",\"version\":\"0\"}\r\nPING\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final int connections;

    ConnectionsScenario(int connections) {
        super(
                "scale_conns_" + Counts.label(connections),
                connections + " idle client connections held at once: server memory per connection",
                Kind.THROUGHPUT,
                false);
        this.connections = connections;
    }

    @Override
    Measurement measure(ScenarioContext context, Payloads payloads) throws Exception {
        URI uri = URI.create(context.url());
        if (!uri.getScheme().equals("nats")) {
            throw new UnsupportedScenarioException("plain_nats_only");
        }
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 4222 : uri.getPort());
        ServerGrowth growth = ServerGrowth.before(context);
        List<Socket> open = new ArrayList<>(connections);
        byte[] buffer = new byte[64 * 1024];
        int timeout = (int) ScenarioContext.STALL_TIMEOUT.toMillis();
        try {
            ResourceMeter.Span span = context.meter().begin();
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket();
                open.add(socket);
                socket.connect(address, timeout);
                socket.setSoTimeout(timeout);
                readUntil(socket, buffer, "\r\n", "INFO ");
                socket.getOutputStream().write(HELLO);
                readUntil(socket, buffer, "PONG\r\n", null);
            }
            ResourceUsage usage = span.end();
            Thread.sleep(1000); // the server's per-connection work after PONG (timers, first flush) settles
            Map<String, String> extra = new LinkedHashMap<>(growth.now("conn", connections));
            extra.put("connections", Integer.toString(connections));
            return new Measurement(connections, payloads.size(), usage, null, extra);
        } finally {
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing: nothing to do
                }
            }
        }
    }

    /**
     * Reads until the text so far holds {@code end} (nats-server and ours may send an {@code INFO} right after the
     * {@code PONG}); checks that it starts with {@code start} when given.
     */
    private static void readUntil(Socket socket, byte[] buffer, String end, String start) throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.indexOf(end) < 0) {
            int n = socket.getInputStream().read(buffer);
            if (n < 0) {
                throw new VerificationException("connection closed after " + text);
            }
            text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            if (text.indexOf("-ERR") >= 0) {
                throw new VerificationException(
                        "server refused the connection: " + text.toString().strip());
            }
        }
        if (start != null && !text.toString().startsWith(start)) {
            throw new VerificationException("expected " + start.strip() + ", got " + text);
        }
    }
}
