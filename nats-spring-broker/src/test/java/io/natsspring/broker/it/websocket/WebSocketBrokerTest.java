package io.natsspring.broker.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.BrokerStartException;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.WebSocketConfig;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WebSocket listener through the embedding API: options, port, cookies, reload, start errors. */
@Timeout(60)
class WebSocketBrokerTest {

    private static BrokerOptions.Builder base() {
        return BrokerOptions.builder().host("127.0.0.1").port(0);
    }

    private static Connection ws(int port, java.util.function.Consumer<Options.Builder> extra) throws Exception {
        Options.Builder b = new Options.Builder()
                .server("ws://127.0.0.1:" + port)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0);
        extra.accept(b);
        return Nats.connect(b.build());
    }

    @Test
    void cookiesStandInForMissingCredentials() throws Exception {
        WebSocketConfig ws = WebSocketConfig.builder()
                .port(0)
                .noTls(true)
                .user("web")
                .password("pw")
                .userCookie("nuser")
                .passwordCookie("npass")
                .build();
        try (NatsBroker broker = new NatsBroker(base().webSocket(ws).build()).start()) {
            int port = broker.webSocketPort();
            try (Connection c = ws(
                    port,
                    b -> b.httpRequestInterceptor(r -> r.getHeaders().add("Cookie", "other=1; nuser=web; npass=pw")))) {
                assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
            assertThatThrownBy(() -> ws(
                            port,
                            b -> b.httpRequestInterceptor(r -> r.getHeaders().add("Cookie", "nuser=web; npass=nope"))))
                    .hasMessageContaining("Authorization Violation");
            // credentials of the CONNECT win over cookies
            try (Connection c = ws(
                    port,
                    b -> b.userInfo("web", "pw")
                            .httpRequestInterceptor(r -> r.getHeaders().add("Cookie", "nuser=web; npass=nope")))) {
                assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
        }
    }

    @Test
    void forwardedForIsTheClientIp() throws Exception {
        WebSocketConfig ws = WebSocketConfig.builder().port(0).noTls(true).build();
        try (NatsBroker broker = new NatsBroker(base().webSocket(ws).build()).start();
                Connection c = ws(
                        broker.webSocketPort(),
                        b -> b.httpRequestInterceptor(r -> r.getHeaders().add("X-Forwarded-For", "203.0.113.7")))) {
            assertThat(c.getServerInfo().getClientIp()).isEqualTo("203.0.113.7");
        }
    }

    @Test
    void onlyTheTlsOfTheWebSocketBlockIsReloadable() throws Exception {
        WebSocketConfig ws = WebSocketConfig.builder().port(0).noTls(true).build();
        BrokerOptions options = base().webSocket(ws).build();
        try (NatsBroker broker = new NatsBroker(options).start()) {
            broker.reload(options.toBuilder().maxPayload(2048).build());
            BrokerOptions changed = options.toBuilder()
                    .webSocket(WebSocketConfig.builder()
                            .port(0)
                            .noTls(true)
                            .compression(true)
                            .build())
                    .build();
            assertThatThrownBy(() -> broker.reload(changed))
                    .hasMessageStartingWith("config reload not supported for Websocket: ");
        }
    }

    @Test
    void aReloadRechecksWebSocketClientsWithTheWebSocketAuthorization() throws Exception {
        BrokerOptions options = base().addUser(new io.natsspring.broker.UserConfig("guest", "g"))
                .addUser(new io.natsspring.broker.UserConfig("admin", "a"))
                .webSocket(WebSocketConfig.builder()
                        .port(0)
                        .noTls(true)
                        .noAuthUser("guest")
                        .build())
                .build();
        try (NatsBroker broker = new NatsBroker(options).start();
                Connection guest = ws(broker.webSocketPort(), b -> {})) {
            assertThat(guest.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            broker.reload(options.toBuilder()
                    .addUser(new io.natsspring.broker.UserConfig("carol", "c"))
                    .build());
            guest.flush(Duration.ofSeconds(5));
            assertThat(guest.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            // removing the no_auth_user's user from the server closes its WebSocket clients, as for TCP ones
            BrokerOptions without = base().addUser(new io.natsspring.broker.UserConfig("admin", "a"))
                    .webSocket(WebSocketConfig.builder().port(0).noTls(true).build())
                    .build();
            assertThatThrownBy(() -> broker.reload(without))
                    .hasMessageStartingWith("config reload not supported for Websocket");
        }
    }

    @Test
    void aBusyPortIsAStartError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            WebSocketConfig ws = WebSocketConfig.builder()
                    .port(taken.getLocalPort())
                    .noTls(true)
                    .build();
            NatsBroker broker = new NatsBroker(base().webSocket(ws).build());
            assertThatThrownBy(broker::start)
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining(
                            "Unable to listen for websocket connections on 127.0.0.1:" + taken.getLocalPort());
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void optionsAreCheckedAsNatsServerChecksThem() {
        assertThatThrownBy(() -> WebSocketConfig.builder().port(1).build())
                .hasMessage("websocket requires TLS configuration");
        assertThatThrownBy(() -> WebSocketConfig.builder()
                        .noTls(true)
                        .allowedOrigins(List.of("app.test"))
                        .build())
                .hasMessageContaining("unable to parse allowed origin");
        assertThatThrownBy(() -> WebSocketConfig.builder()
                        .noTls(true)
                        .headers(java.util.Map.of("Sec-WebSocket-Foo", "x"))
                        .build())
                .hasMessageContaining("\"Sec-WebSocket-\" prefix not allowed");
        assertThatThrownBy(() -> new NatsBroker(base().webSocket(null).build()).webSocketPort())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void gracefulStopClosesWebSocketClients() throws Exception {
        WebSocketConfig ws = WebSocketConfig.builder().port(0).noTls(true).build();
        NatsBroker broker = new NatsBroker(base().webSocket(ws).build()).start();
        int port = broker.webSocketPort();
        try (RawUpgrade up = RawUpgrade.upgrade(port)) {
            up.readFrameText();
            up.sendFrame("CONNECT {\"verbose\":false}\r\nPING\r\n");
            assertThat(up.readFrameText()).isEqualTo("PONG\r\n");
            broker.close();
            up.readFrameText();
            assertThat(up.lastOpcode).isEqualTo(8);
            assertThat(up.closeStatus()).isEqualTo(1001);
        }
    }
}
