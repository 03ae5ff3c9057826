package io.natsspring.broker.internal.jetstream.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream without {@code max_consumers} holds at most 1,000 consumers on {@code nats-server} 2.15.1 (its
 * {@code limits.default_max_consumers}, shown in {@code /jsz}): the next create gets 10026 on both servers, and one
 * more fits after a delete.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DefaultMaxConsumersDifferentialTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static DifferentialServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = DifferentialServers.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void theThousandAndFirstConsumerIsRefusedAlike() throws Exception {
        assertThat(run(servers.ours())).containsExactlyElementsOf(run(servers.reference()));
    }

    private static List<String> run(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        out.add(request(c, "$JS.API.STREAM.CREATE.MC", "{\"name\":\"MC\",\"subjects\":[\"mc\"],\"storage\":\"memory\"}")
                .replaceAll(".*\"max_consumers\":(-?\\d+).*", "max_consumers=$1"));
        int created = 0;
        for (int i = 0; i < 1000; i++) {
            if (request(c, "$JS.API.CONSUMER.CREATE.MC.c" + i, consumer("c" + i))
                    .contains("\"name\":\"c" + i + "\"")) {
                created++;
            }
        }
        out.add("created=" + created);
        out.add(errorOf(request(c, "$JS.API.CONSUMER.CREATE.MC.x", consumer("x"))));
        out.add(errorOf(request(c, "$JS.API.CONSUMER.CREATE.MC.c0", consumer("c0"))));
        request(c, "$JS.API.CONSUMER.DELETE.MC.c1", "");
        out.add(errorOf(request(c, "$JS.API.CONSUMER.CREATE.MC.y", consumer("y"))));
        out.add(errorOf(request(c, "$JS.API.CONSUMER.CREATE.MC.z", consumer("z"))));
        request(c, "$JS.API.STREAM.DELETE.MC", "");
        return out;
    }

    private static String consumer(String name) {
        return "{\"stream_name\":\"MC\",\"config\":{\"durable_name\":\"" + name + "\",\"ack_policy\":\"explicit\"}}";
    }

    private static String errorOf(String answer) {
        int i = answer.indexOf("\"error\"");
        return i < 0 ? "ok" : answer.substring(i);
    }

    private static String request(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), TIMEOUT);
        assertThat(m).as(subject).isNotNull();
        return new String(m.getData(), StandardCharsets.UTF_8);
    }
}
