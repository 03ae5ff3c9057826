package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** An embedded broker with JetStream on a temp store directory, plus jnats clients; closed after each test. */
public abstract class JetStreamTestSupport {

    @TempDir
    protected Path storeDir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    protected NatsBroker broker;
    protected Connection nc;
    protected JetStreamManagement jsm;
    protected JetStream js;

    protected NatsBroker startBroker(BrokerOptions.Builder options) {
        NatsBroker b = new NatsBroker(options.host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(storeDir)
                        .build())
                .start();
        closeables.add(b);
        return b;
    }

    /** Starts a broker with default JetStream options and connects {@link #nc}, {@link #jsm}, {@link #js}. */
    protected void startAndConnect() throws Exception {
        startAndConnect(BrokerOptions.builder());
    }

    protected void startAndConnect(BrokerOptions.Builder options) throws Exception {
        broker = startBroker(options);
        nc = connect(broker);
        jsm = nc.jetStreamManagement();
        js = nc.jetStream();
    }

    protected Connection connect(NatsBroker b) throws Exception {
        Connection c = Nats.connect(new Options.Builder()
                .server(b.clientUrl())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
        closeables.add(0, c);
        return c;
    }

    protected StreamInfo createStream(String name, StorageType storage, String... subjects) throws Exception {
        return jsm.addStream(StreamConfiguration.builder()
                .name(name)
                .storageType(storage)
                .subjects(subjects)
                .build());
    }

    protected static JetStreamApiException apiError(int errCode, Executable call) {
        JetStreamApiException e = assertThrows(JetStreamApiException.class, call);
        assertThat(e.getApiErrorCode()).as(e.getMessage()).isEqualTo(errCode);
        return e;
    }

    @AfterEach
    protected void closeAll() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        closeables.clear();
    }
}
