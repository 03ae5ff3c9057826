package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A configuration's {@code feature_flags} block on this broker and on {@code nats-server} 2.15.1: a known flag's
 * value replaces its default in {@code /varz}, an unknown one is not reported (the defaults themselves are compared
 * by {@link SystemAccountDifferentialTest}).
 */
@Timeout(60)
class FeatureFlagsDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONFIG = """
            feature_flags { js_ack_fc_v2: true, js_raft_delete_range: false, no_such_flag: true }
            """;

    @TempDir
    Path dir;

    @Test
    void configuredFlagsAreReportedAsNatsServerReportsThem() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
        Path conf = Files.writeString(dir.resolve("flags.conf"), CONFIG);
        String ours;
        try (NatsBroker broker = new NatsBroker(BrokerConfigFile.load(conf).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .httpPort(0)
                        .build())
                .start()) {
            ours = flags(broker.httpPort());
        }
        int http = ReferenceNatsServer.freeTcpPort();
        String theirs;
        try (ReferenceNatsServer ref = ReferenceNatsServer.start(
                dir.resolve("ref"), List.of("-c", conf.toString(), "-m", Integer.toString(http)))) {
            theirs = flags(http);
        }
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours)
                .isEqualTo("{\"js_ack_fc_v2\":true,\"js_api_reply_v2\":false,\"js_raft_delete_range\":false,"
                        + "\"js_snapshot_sources\":false}");
    }

    private static String flags(int httpPort) throws Exception {
        HttpResponse<String> varz = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/varz"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(varz.body()).get("feature_flags").toString();
    }
}
