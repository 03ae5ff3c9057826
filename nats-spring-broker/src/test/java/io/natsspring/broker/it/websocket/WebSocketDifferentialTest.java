package io.natsspring.broker.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.natsspring.broker.it.tls.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code websocket { }} listener, each scenario run against our broker and against {@code nats-server} 2.15.1
 * started from the same configuration text: jnats over {@code ws://} and {@code wss://} (pub/sub, headers,
 * request/reply across WebSocket and TCP clients), the INFO a WebSocket client gets, the {@code authorization}
 * override and its error text, origin checks and the other upgrade refusals with their HTTP statuses (raw
 * requests), and {@code /connz} / {@code /varz}.
 */
@Timeout(60)
class WebSocketDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PLAIN = "websocket { listen: \"127.0.0.1:$WS_PORT\", no_tls: true }\n";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestPki(dir);
    }

    @AfterEach
    void closeAll() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        open.clear();
    }

    private WsServer.Running start(WsServer server, String config) throws Exception {
        assumeTrue(server.available(), "nats-server 2.15.1 not found at " + WsServer.REFERENCE);
        WsServer.Running r = server.start(dir, config);
        open.add(r);
        return r;
    }

    private Connection connect(String url, Consumer<Options.Builder> extra) throws Exception {
        Options.Builder b = new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .noRandomize();
        extra.accept(b);
        Connection c = Nats.connect(b.build());
        open.add(c);
        return c;
    }

    private Connection ws(WsServer.Running s) throws Exception {
        return connect("ws://127.0.0.1:" + s.wsPort(), b -> {});
    }

    private Connection tcp(WsServer.Running s) throws Exception {
        return connect("nats://127.0.0.1:" + s.port(), b -> {});
    }

    @ParameterizedTest
    @EnumSource(WsServer.class)
    void pubSubAndRequestReplyAcrossWebSocketAndTcp(WsServer server) throws Exception {
        WsServer.Running s = start(server, PLAIN);
        Connection web = ws(s);
        Connection tcp = tcp(s);

        Subscription sub = web.subscribe("orders.>");
        web.flush(Duration.ofSeconds(5));
        Headers h = new Headers().add("X-Order", "42");
        tcp.publish("orders.new", h, "hello over websocket".getBytes(StandardCharsets.UTF_8));
        Message m = sub.nextMessage(Duration.ofSeconds(5));
        assertThat(m).isNotNull();
        assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("hello over websocket");
        assertThat(m.getHeaders().getFirst("X-Order")).isEqualTo("42");

        // a payload larger than one frame of most clients, both ways
        byte[] big = new byte[200_000];
        java.util.Arrays.fill(big, (byte) 'x');
        Subscription tcpSub = tcp.subscribe("big");
        tcp.flush(Duration.ofSeconds(5));
        web.publish("orders.big", big);
        web.publish("big", big);
        assertThat(sub.nextMessage(Duration.ofSeconds(5)).getData()).hasSize(big.length);
        assertThat(tcpSub.nextMessage(Duration.ofSeconds(5)).getData()).hasSize(big.length);

        Dispatcher tcpService = tcp.createDispatcher(
                msg -> tcp.publish(msg.getReplyTo(), ("tcp:" + new String(msg.getData())).getBytes()));
        tcpService.subscribe("svc.tcp");
        Dispatcher webService = web.createDispatcher(
                msg -> web.publish(msg.getReplyTo(), ("ws:" + new String(msg.getData())).getBytes()));
        webService.subscribe("svc.ws");
        tcp.flush(Duration.ofSeconds(5));
        web.flush(Duration.ofSeconds(5));
        assertThat(new String(web.request("svc.tcp", "a".getBytes(), Duration.ofSeconds(5))
                        .getData()))
                .isEqualTo("tcp:a");
        assertThat(new String(tcp.request("svc.ws", "b".getBytes(), Duration.ofSeconds(5))
                        .getData()))
                .isEqualTo("ws:b");
        // no responders reaches a WebSocket client as a status message: jnats cancels the request at once
        assertThatThrownBy(() -> web.request("nobody", "x".getBytes()).get(5, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
    }

    @ParameterizedTest
    @EnumSource(WsServer.class)
    void infoOverWebSocketCarriesTheWebSocketPort(WsServer server) throws Exception {
        WsServer.Running s = start(server, PLAIN);
        JsonNode info;
        try (RawUpgrade up = RawUpgrade.upgrade(s.wsPort())) {
            assertThat(up.status).isEqualTo(101);
            assertThat(up.headers.get("upgrade")).isEqualToIgnoringCase("websocket");
            assertThat(up.headers.get("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(up.headers).doesNotContainKey("sec-websocket-extensions");
            String frame = up.readFrameText();
            assertThat(frame).startsWith("INFO ").endsWith("\r\n");
            info = JSON.readTree(frame.substring(5).trim());
            up.sendFrame("CONNECT {\"verbose\":false}\r\nPING\r\n");
            assertThat(up.readFrameText()).isEqualTo("PONG\r\n");
        }
        assertThat(info.path("port").asInt()).isEqualTo(s.wsPort());
        assertThat(info.path("host").asText()).isEqualTo("127.0.0.1");
        assertThat(info.path("headers").asBoolean()).isTrue();
        assertThat(info.has("tls_required")).isFalse();
        assertThat(info.has("auth_required")).isFalse();
        assertThat(info.has("connect_urls")).isFalse();
        assertThat(info.path("client_ip").asText()).isEqualTo("127.0.0.1");

        Connection web = ws(s);
        assertThat(web.getServerInfo().getPort()).isEqualTo(s.wsPort());
        assertThat(tcp(s).getServerInfo().getPort()).isEqualTo(s.port());
    }

    @ParameterizedTest
    @EnumSource(WsServer.class)
    void authorizationOverrideAppliesToWebSocketClientsOnly(WsServer server) throws Exception {
        WsServer.Running s = start(
                server,
                "websocket { listen: \"127.0.0.1:$WS_PORT\", no_tls: true,"
                        + " authorization { user: web, password: pw, timeout: 2 } }\n");
        try (RawUpgrade up = RawUpgrade.upgrade(s.wsPort())) {
            assertThat(JSON.readTree(up.readFrameText().substring(5))
                            .path("auth_required")
                            .asBoolean())
                    .isTrue();
        }
        Connection ok = connect("ws://web:pw@127.0.0.1:" + s.wsPort(), b -> {});
        // as nats-server: the INFO after CONNECT is the server's, without the override's auth_required; it follows the
        // first PONG, so jnats may read it just after connect() returned
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(ok.getServerInfo().isAuthRequired()).isFalse());
        assertThat(ok.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        assertThat(tcp(s).getServerInfo().isAuthRequired()).isFalse();
        assertThatThrownBy(() -> connect("ws://web:wrong@127.0.0.1:" + s.wsPort(), b -> {}))
                .hasMessageContaining("Authorization Violation");
        assertThatThrownBy(() -> ws(s)).hasMessageContaining("Authorization Violation");
    }

    @ParameterizedTest
    @EnumSource(WsServer.class)
    void anAuthorizationViolationEndsWithACloseFrameOfPolicyViolation(WsServer server) throws Exception {
        WsServer.Running s = start(
                server,
                "websocket { listen: \"127.0.0.1:$WS_PORT\", no_tls: true, authorization { token: s3cret } }\n");
        try (RawUpgrade up = RawUpgrade.upgrade(s.wsPort())) {
            up.readFrameText();
            up.sendFrame("CONNECT {\"verbose\":false,\"auth_token\":\"wrong\"}\r\nPING\r\n");
            StringBuilder text = new StringBuilder();
            while (up.lastOpcode != 8) {
                String f = up.readFrameText();
                if (up.lastOpcode != 8) {
                    text.append(f);
                }
            }
            assertThat(text.toString()).isEqualTo("-ERR 'Authorization Violation'\r\n");
            assertThat(up.closeStatus()).isEqualTo(1008);
            assertThat(new String(up.lastPayload, 2, up.lastPayload.length - 2, StandardCharsets.UTF_8))
                    .isEqualTo("Authentication Failure");
        }
        try (RawUpgrade up = RawUpgrade.upgrade(s.wsPort())) {
            up.readFrameText();
            up.sendFrame("CONNECT {\"verbose\":false,\"auth_token\":\"s3cret\"}\r\nPING\r\n");
            assertThat(up.readFrameText()).isEqualTo("PONG\r\n");
        }
    }

    @ParameterizedTest
    @EnumSource(WsServer.class)
    void noAuthUserOfTheWebSocketBlockWithTheServersUsersAndPermissions(WsServer server) throws Exception {
        WsServer.Running s = start(
                server,
                "authorization { users: [\n"
                        + "  {user: guest, password: g, permissions: {publish: \"public.>\", subscribe: \"public.>\"}}\n"
                        + "  {user: admin, password: a}\n] }\n"
                        + "websocket { listen: \"127.0.0.1:$WS_PORT\", no_tls: true, no_auth_user: guest }\n");
        Connection guest = ws(s);
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        Connection guestWithErrors = connect(
                "ws://127.0.0.1:" + s.wsPort(),
                b -> b.errorListener(new io.nats.client.ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                }));
        Subscription sub = guest.subscribe("public.news");
        guest.flush(Duration.ofSeconds(5));
        Connection admin = connect("ws://admin:a@127.0.0.1:" + s.wsPort(), b -> {});
        admin.publish("public.news", "hi".getBytes());
        assertThat(sub.nextMessage(Duration.ofSeconds(5))).isNotNull();
        guestWithErrors.publish("private.x", "no".getBytes());
        guestWithErrors.flush(Duration.ofSeconds(5));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !errors.isEmpty());
        assertThat(errors.get(0)).contains("Permissions Violation for Publish to \"private.x\"");
        // TCP clients still need credentials
        assertThatThrownBy(() -> tcp(s)).hasMessageContaining("Authorization Violation");
    }

    @ParameterizedTest
    @EnumSource(WsServer.class)
    void originsAreCheckedAsNatsServerChecksThem(WsServer server) throws Exception {
        WsServer.Running same =
                start(server, "websocket { listen: \"127.0.0.1:$WS_PORT\", no_tls: true, same_origin: true }\n");
        int port = same.wsPort();
        try (RawUpgrade up = RawUpgrade.upgrade(port, "Origin: http://evil.test")) {
            assertThat(up.status).isEqualTo(403);
            assertThat(up.headers.get("sec-websocket-version")).isEqualTo("13");
            assertThat(up.headers.get("content-type")).isEqualTo("text/plain; charset=utf-8");
        }
        try (RawUpgrade up = RawUpgrade.upgrade(port, "Origin: http://127.0.0.1:" + port)) {
            assertThat(up.status).isEqualTo(101);
        }
        try (RawUpgrade up = RawUpgrade.upgrade(port, "Origin: https://127.0.0.1:" + port)) {
            assertThat(up.status).isEqualTo(403);
        }
        try (RawUpgrade up = RawUpgrade.upgrade(port)) {
            assertThat(up.status).as("no Origin header is accepted").isEqualTo(101);
        }
        assertThatThrownBy(() -> connect(
                        "ws://127.0.0.1:" + port,
                        b -> b.httpRequestInterceptor(r -> r.getHeaders().add("Origin", "http://evil.test"))))
                .isInstanceOf(Exception.class);

        WsServer.Running listed = start(
                server,
                "websocket { listen: \"127.0.0.1:$WS_PORT\", no_tls: true,"
                        + " allowed_origins: [\"http://app.test\", \"https://secure.test:8443\"] }\n");
        int p2 = listed.wsPort();
        try (RawUpgrade up = RawUpgrade.upgrade(p2, "Origin: http://app.test")) {
            assertThat(up.status).isEqualTo(101);
        }
        try (RawUpgrade up = RawUpgrade.upgrade(p2, "Origin: http://APP.test:80")) {
            assertThat(up.status).isEqualTo(101);
        }
        try (RawUpgrade up = RawUpgrade.upgrade(p2, "Origin: https://app.test")) {
            assertThat(up.status).isEqualTo(403);
        }
        try (RawUpgrade up = RawUpgrade.upgrade(p2, "Origin: https://secure.test:8443")) {
            assertThat(up.status).isEqualTo(101);
        }
        Connection allowed = connect(
                "ws://127.0.0.1:" + p2,
                b -> b.httpRequestInterceptor(r -> r.getHeaders().add("Origin", "http://app.test")));
        assertThat(allowed.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }

    @ParameterizedTest
    @EnumSource(WsServer.class)
    void malformedUpgradesGetNatsServersStatuses(WsServer server) throws Exception {
        int port = start(server, PLAIN).wsPort();
        String host = "Host: 127.0.0.1:" + port;
        try (RawUpgrade up = RawUpgrade.send(
                port, "POST / HTTP/1.1", host, "Upgrade: websocket", "Connection: Upgrade", "Content-Length: 0")) {
            assertThat(up.status).isEqualTo(405);
        }
        try (RawUpgrade up = RawUpgrade.send(port, "GET / HTTP/1.1", host, "Connection: Upgrade")) {
            assertThat(up.status).isEqualTo(400);
        }
        try (RawUpgrade up = RawUpgrade.send(
                port, "GET / HTTP/1.1", host, "Upgrade: websocket", "Connection: keep-alive, Upgrade")) {
            assertThat(up.status).as("key missing").isEqualTo(400);
        }
        try (RawUpgrade up = RawUpgrade.send(
                port,
                "GET / HTTP/1.1",
                host,
                "Upgrade: websocket",
                "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RawUpgrade.KEY,
                "Sec-WebSocket-Version: 8")) {
            assertThat(up.status).as("invalid version").isEqualTo(400);
        }
        try (RawUpgrade up = RawUpgrade.send(
                port,
                "GET /mqtt HTTP/1.1",
                host,
                "Upgrade: websocket",
                "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RawUpgrade.KEY,
                "Sec-WebSocket-Version: 13")) {
            assertThat(up.status).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @EnumSource(WsServer.class)
    void compressionIsNegotiatedAndUsed(WsServer server) throws Exception {
        WsServer.Running plain = start(server, PLAIN);
        try (RawUpgrade up = RawUpgrade.upgrade(
                plain.wsPort(), "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")) {
            assertThat(up.status).isEqualTo(101);
            assertThat(up.headers).doesNotContainKey("sec-websocket-extensions");
        }
        WsServer.Running s =
                start(server, "websocket { listen: \"127.0.0.1:$WS_PORT\", no_tls: true, compression: true }\n");
        try (RawUpgrade up = RawUpgrade.upgrade(
                s.wsPort(), "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")) {
            assertThat(up.status).isEqualTo(101);
            assertThat(up.headers.get("sec-websocket-extensions"))
                    .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        }
        try (NettyWsClient client = NettyWsClient.connect(s.wsPort())) {
            assertThat(client.extensions())
                    .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
            assertThat(client.next()).startsWith("INFO {");
            assertThat(client.lastCompressed())
                    .as("the INFO frame is compressed")
                    .isTrue();
            client.send(
                    "CONNECT {\"verbose\":false}\r\nSUB zipped 1\r\nPUB zipped 26\r\nabcdefghijklmnopqrstuvwxyz\r\nPING\r\n");
            StringBuilder got = new StringBuilder();
            while (!got.toString().contains("PONG\r\n")) {
                got.append(client.next());
            }
            assertThat(got.toString()).contains("MSG zipped 1 26\r\nabcdefghijklmnopqrstuvwxyz\r\n");
        }
        // a client without compression still talks to the compressing listener
        Connection web = ws(s);
        Subscription sub = web.subscribe("x");
        web.publish("x", "y".getBytes());
        assertThat(sub.nextMessage(Duration.ofSeconds(5))).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(WsServer.class)
    void secureWebSocketWithTheTestPki(WsServer server) throws Exception {
        WsServer.Running s = start(
                server,
                "websocket {\n  listen: \"127.0.0.1:$WS_PORT\"\n  tls {\n    cert_file: \""
                        + pki.server().certFile() + "\"\n    key_file: \""
                        + pki.server().keyFile() + "\"\n  }\n}\n");
        SSLContext trusting = pki.trustingClient();
        Connection web = connect("wss://localhost:" + s.wsPort(), b -> b.sslContext(trusting));
        assertThat(web.getServerInfo().isTLSRequired()).isTrue();
        assertThat(web.getServerInfo().getPort()).isEqualTo(s.wsPort());
        Connection tcp = tcp(s);
        assertThat(tcp.getServerInfo().isTLSRequired()).isFalse();
        Subscription sub = web.subscribe("secure");
        web.flush(Duration.ofSeconds(5));
        tcp.publish("secure", "over wss".getBytes());
        assertThat(new String(sub.nextMessage(Duration.ofSeconds(5)).getData())).isEqualTo("over wss");
        // plain ws to a wss listener does not connect
        assertThatThrownBy(() -> ws(s)).isInstanceOf(Exception.class);
    }

    @ParameterizedTest
    @EnumSource(WsServer.class)
    void monitoringShowsWebSocketClientsAndSettings(WsServer server) throws Exception {
        WsServer.Running s = start(
                server,
                "http: \"127.0.0.1:$MONITOR_PORT\"\n"
                        + "websocket { listen: \"127.0.0.1:$WS_PORT\", no_tls: true, compression: true,"
                        + " same_origin: true, allowed_origins: [\"http://app.test\"], handshake_timeout: \"3s\" }\n");
        Connection web = connect("ws://127.0.0.1:" + s.wsPort(), b -> b.connectionName("browser"));
        tcp(s);
        web.flush(Duration.ofSeconds(5));
        HttpClient http = HttpClient.newHttpClient();
        JsonNode connz = JSON.readTree(http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.monitorPort() + "/connz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        List<String> types = new ArrayList<>();
        for (JsonNode c : connz.path("connections")) {
            types.add(c.path("name").asText() + "/" + c.path("kind").asText() + "/"
                    + c.path("type").asText());
        }
        assertThat(types).contains("browser/Client/websocket", "/Client/nats");
        JsonNode varz = JSON.readTree(http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.monitorPort() + "/varz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        JsonNode ws = varz.path("websocket");
        assertThat(ws.path("host").asText()).isEqualTo("127.0.0.1");
        assertThat(ws.path("port").asInt()).isEqualTo(s.wsPort());
        assertThat(ws.path("no_tls").asBoolean()).isTrue();
        assertThat(ws.path("compression").asBoolean()).isTrue();
        assertThat(ws.path("same_origin").asBoolean()).isTrue();
        assertThat(ws.path("allowed_origins").get(0).asText()).isEqualTo("http://app.test");
        assertThat(ws.path("handshake_timeout").asLong()).isEqualTo(3_000_000_000L);
        assertThat(ws.has("auth_timeout")).isFalse();
    }
}
