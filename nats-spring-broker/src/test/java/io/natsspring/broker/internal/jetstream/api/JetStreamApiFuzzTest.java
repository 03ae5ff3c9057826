package io.natsspring.broker.internal.jetstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the JetStream API's JSON (Jazzer): stream create, stream update and consumer create
 * requests sent through a real connection to an embedded broker (memory storage). The first input byte chooses
 * the request, the rest is its body. Every request must be answered within five seconds with JSON, and no request
 * may fail with an unexpected exception (the dispatcher logs those as warnings with a stack trace). The committed
 * inputs under {@code JetStreamApiFuzzTestInputs/request/} run as regression tests in every build.
 */
class JetStreamApiFuzzTest {

    private static final String[] SUBJECTS = {
        "$JS.API.STREAM.CREATE.F", "$JS.API.STREAM.UPDATE.S", "$JS.API.CONSUMER.CREATE.S", "$JS.API.CONSUMER.CREATE.S.C"
    };

    private static final List<LogRecord> UNEXPECTED = new ArrayList<>();
    private static final Logger DISPATCHER = Logger.getLogger(ApiDispatcher.class.getName());
    private static final Handler RECORDER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && record.getThrown() != null) {
                synchronized (UNEXPECTED) {
                    UNEXPECTED.add(record);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private static Path dir;
    private static NatsBroker broker;
    private static Connection nc;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("js-api-fuzz");
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(dir)
                        .build())
                .start();
        nc = Nats.connect(new Options.Builder()
                .server(broker.clientUrl())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
        // The first JetStream API requests load (and Jazzer instruments) a few hundred classes: seconds on a busy
        // machine, more than an input's 5 s answer window. Pay that here, with a wait that only bounds a hang.
        for (String[] warmUp : new String[][] {
            {"$JS.API.STREAM.CREATE.W", "{\"name\":\"W\",\"subjects\":[\"w\"],\"storage\":\"memory\"}"},
            {"$JS.API.CONSUMER.CREATE.W", "{\"stream_name\":\"W\",\"config\":{\"ack_policy\":\"explicit\"}}"},
            {"$JS.API.STREAM.DELETE.W", ""}
        }) {
            assertThat(nc.request(warmUp[0], warmUp[1].getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60)))
                    .as("an answer to the warm-up request %s", warmUp[0])
                    .isNotNull();
        }
        DISPATCHER.addHandler(RECORDER);
    }

    @AfterAll
    static void stop() throws Exception {
        DISPATCHER.removeHandler(RECORDER);
        if (nc != null) {
            nc.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @FuzzTest(maxDuration = "20s")
    void request(byte[] input) throws Exception {
        String subject = SUBJECTS[input.length == 0 ? 0 : (input[0] & 0xFF) % SUBJECTS.length];
        byte[] body = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        // a fixed stream for updates and consumers
        call("$JS.API.STREAM.CREATE.S", "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"storage\":\"memory\"}");
        try {
            Message reply = nc.request(subject, body, Duration.ofSeconds(5));
            assertThat(reply).as("an answer to %s", subject).isNotNull();
            String json = new String(reply.getData(), StandardCharsets.UTF_8);
            assertThat(json).startsWith("{").endsWith("}");
            synchronized (UNEXPECTED) {
                assertThat(UNEXPECTED)
                        .as("unexpected exceptions for %s %s", subject, new String(body, StandardCharsets.UTF_8))
                        .isEmpty();
            }
        } finally {
            call("$JS.API.STREAM.DELETE.F", "");
            call("$JS.API.STREAM.DELETE.S", "");
        }
    }

    private static void call(String subject, String body) throws Exception {
        nc.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
    }
}
