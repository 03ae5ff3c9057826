package io.natsspring.kv;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;

/** Connections for the tests, patient with a loaded machine (10 s to connect). */
public final class TestConnections {

    private TestConnections() {}

    /** A connection to {@code url}. */
    public static Connection connect(String url) throws Exception {
        return Nats.connect(Options.builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(10))
                .build());
    }
}
