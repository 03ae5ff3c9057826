package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MonitoringTest extends BrokerTestSupport {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> get(NatsBroker broker, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesVarzConnzSubszAndHealthz() throws Exception {
        NatsBroker broker =
                startBroker(BrokerOptions.builder().serverName("mon-test").httpPort(0));
        Connection c = connect(new Options.Builder().server(broker.clientUrl()).connectionName("watched"));
        c.subscribe("a.b");
        c.publish("a.b", "x".getBytes(StandardCharsets.UTF_8));
        c.flush(Duration.ofSeconds(2));

        JsonNode varz = json.readTree(get(broker, "/varz").body());
        assertThat(varz.get("server_name").asString()).isEqualTo("mon-test");
        assertThat(varz.get("connections").asInt()).isEqualTo(1);
        assertThat(varz.get("in_msgs").asLong()).isEqualTo(1);
        assertThat(varz.get("out_msgs").asLong()).isEqualTo(1);
        assertThat(varz.get("subscriptions").asInt()).isGreaterThanOrEqualTo(1);

        JsonNode connz = json.readTree(get(broker, "/connz?subs=1").body());
        assertThat(connz.get("num_connections").asInt()).isEqualTo(1);
        JsonNode conn = connz.get("connections").get(0);
        assertThat(conn.get("name").asString()).isEqualTo("watched");
        assertThat(conn.get("lang").asString()).isEqualTo("java");
        assertThat(conn.get("subscriptions_list").toString()).contains("a.b");

        assertThat(json.readTree(get(broker, "/subsz").body())
                        .get("num_subscriptions")
                        .asInt())
                .isGreaterThanOrEqualTo(1);
        assertThat(json.readTree(get(broker, "/healthz").body()).get("status").asString())
                .isEqualTo("ok");
        assertThat(get(broker, "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void monitoringIsOffByDefault() {
        NatsBroker broker = startBroker();
        assertThat(broker.httpPort()).isEqualTo(-1);
    }
}
