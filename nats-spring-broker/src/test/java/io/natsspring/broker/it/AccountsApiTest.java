package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.UserConfig;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import io.natsspring.broker.internal.launcher.config.ConfigException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accounts through the embedding API ({@link AccountConfig}): service and stream imports, users outside accounts in
 * {@code $G}, {@code /accountz} and {@code /connz?auth=1}, and the refusal of imports that are not exported.
 */
class AccountsApiTest extends BrokerTestSupport {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private BrokerOptions.Builder twoAccounts() {
        AccountConfig a = AccountConfig.of("A", List.of(new UserConfig("a", "a")))
                .withExports(List.of(
                        AccountConfig.Export.service("time.>"),
                        AccountConfig.Export.stream("ev.>").restrictedTo(List.of("B"))));
        AccountConfig b = AccountConfig.of("B", List.of(new UserConfig("b", "b")))
                .withImports(List.of(
                        AccountConfig.Import.service("A", "time.>").to("clock.>"),
                        AccountConfig.Import.stream("A", "ev.>").withPrefix("a")));
        return BrokerOptions.builder()
                .addUser(new UserConfig("g", "g"))
                .accounts(List.of(a, b))
                .httpPort(0);
    }

    private Connection connect(NatsBroker broker, String user) throws Exception {
        return connect(options(broker).userInfo(user, user));
    }

    @Test
    void importsThroughTheApiAndGlobalUsersApart() throws Exception {
        NatsBroker broker = startBroker(twoAccounts());
        Connection a = connect(broker, "a");
        Connection b = connect(broker, "b");
        Connection g = connect(broker, "g");
        a.createDispatcher(m -> a.publish(m.getReplyTo(), m.getSubject().getBytes(StandardCharsets.UTF_8)))
                .subscribe("time.>");
        Subscription events = b.subscribe("a.ev.>");
        Subscription global = g.subscribe(">");
        a.flush(WAIT);
        b.flush(WAIT);
        g.flush(WAIT);
        Message answer = b.request("clock.now", new byte[0], WAIT);
        assertThat(new String(answer.getData(), StandardCharsets.UTF_8)).isEqualTo("time.now");
        a.publish("ev.x", new byte[0]);
        assertThat(events.nextMessage(WAIT).getSubject()).isEqualTo("a.ev.x");
        assertThat(global.nextMessage(Duration.ofMillis(300))).isNull();
    }

    @Test
    void accountzAndConnzShowTheAccounts() throws Exception {
        NatsBroker broker = startBroker(twoAccounts());
        connect(broker, "b").flush(WAIT);
        JsonNode list = get(broker, "/accountz");
        assertThat(list.get("accounts").toString()).isEqualTo("[\"$G\",\"A\",\"B\",\"$SYS\"]");
        assertThat(list.get("system_account").asString()).isEqualTo("$SYS");
        JsonNode detailA = get(broker, "/accountz?acc=A").get("account_detail");
        assertThat(detailA.get("account_name").asString()).isEqualTo("A");
        assertThat(detailA.get("exports").toString())
                .isEqualTo("[{\"subject\":\"time.>\",\"type\":\"service\",\"response_type\":\"Singleton\"},"
                        + "{\"subject\":\"ev.>\",\"type\":\"stream\",\"approved_accounts\":[\"B\"]}]");
        JsonNode detailB = get(broker, "/accountz?acc=B").get("account_detail");
        assertThat(detailB.get("client_connections").asInt()).isEqualTo(1);
        assertThat(detailB.get("imports").get(0).get("local_subject").asString())
                .isEqualTo("clock.>");
        JsonNode conn = get(broker, "/connz?auth=1").get("connections").get(0);
        assertThat(conn.get("authorized_user").asString()).isEqualTo("b");
        assertThat(conn.get("account").asString()).isEqualTo("B");
        assertThat(get(broker, "/connz").get("connections").get(0).has("account"))
                .isFalse();
    }

    @Test
    void jszSumsTheAccountsAndDetailsThemOnRequest() throws Exception {
        BrokerOptions.Builder options = twoAccounts().jetStream(true).storeDir(dir.resolve("js"));
        List<AccountConfig> accounts = options.build().accounts();
        options.accounts(
                List.of(accounts.get(0).withJetStream(AccountConfig.JetStreamLimits.UNLIMITED), accounts.get(1)));
        NatsBroker broker = startBroker(options);
        Connection a = connect(broker, "a");
        a.jetStreamManagement()
                .addStream(io.nats.client.api.StreamConfiguration.builder()
                        .name("S")
                        .subjects("s")
                        .storageType(io.nats.client.api.StorageType.Memory)
                        .build());
        JsonNode jsz = get(broker, "/jsz?accounts=true");
        assertThat(jsz.has("disabled")).isFalse();
        assertThat(jsz.get("streams").asInt()).isEqualTo(1);
        assertThat(jsz.get("accounts").asInt()).isEqualTo(1);
        assertThat(jsz.get("account_details").get(0).get("name").asString()).isEqualTo("A");
        assertThat(get(broker, "/accountz?acc=B")
                        .get("account_detail")
                        .get("jetstream_enabled")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void anImportOfSomethingNotExportedToTheImporterIsRefused() throws Exception {
        AccountConfig a = AccountConfig.of("A", List.of(new UserConfig("a", "a")))
                .withExports(List.of(AccountConfig.Export.stream("ev.>").restrictedTo(List.of("C"))));
        AccountConfig b = AccountConfig.of("B", List.of(new UserConfig("b", "b")))
                .withImports(List.of(AccountConfig.Import.stream("A", "ev.>")));
        assertThatThrownBy(() -> new NatsBroker(
                        BrokerOptions.builder().accounts(List.of(a, b)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not authorized");
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, """
                accounts {
                  A: { exports: [ {stream: "ev.>", accounts: [C]} ] }
                  B: {
                    imports: [ {stream: {account: A, subject: "ev.>"}} ]
                  }
                }
                """);
        assertThatThrownBy(() -> BrokerConfigFile.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.conf:4")
                .hasMessageContaining("stream import not authorized");
    }

    private JsonNode get(NatsBroker broker, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return json.readTree(r.body());
    }
}
