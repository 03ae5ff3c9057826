package io.natsspring.broker.it;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * JWT accounts whose {@code tiered_limits} have no tier for a stream's replica count, on this broker and on
 * {@code nats-server} 2.15 (single server): the JetStream API answers as nats-server does ({@code 10120 no JetStream
 * default or applicable tiered limit present} where it selects no limits). Without the reference binary only this
 * broker is tested.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtTieredLimitsDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final String CONFIG = """
            jetstream { store_dir: "%s" }
            operator: "%s"
            system_account: %s
            resolver: MEMORY
            resolver_preload: {
            %s}
            """;

    private static final String TIER = "{\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1}";

    @TempDir
    static Path dir;

    private static final List<Target> TARGETS = new ArrayList<>();
    private static NKey r3Only;
    private static NKey r1Only;

    record Target(String name, String url, AutoCloseable stop) {}

    @BeforeAll
    static void start() throws Exception {
        NKey operator = JwtTokens.operatorKey();
        NKey system = JwtTokens.accountKey();
        r3Only = JwtTokens.accountKey();
        r1Only = JwtTokens.accountKey();
        String operatorJwt = JwtTokens.claims("operator", pub(operator))
                .nats("system_account", pub(system))
                .sign(operator);
        Path operatorFile = Files.writeString(dir.resolve("operator.jwt"), operatorJwt);
        String jwtR3 = JwtTokens.claims("account", pub(r3Only))
                .nats(
                        "limits",
                        "{\"subs\":-1,\"conn\":-1,\"payload\":-1,\"data\":-1,\"tiered_limits\":{\"R3\":" + TIER + "}}")
                .sign(operator);
        String jwtR1 = JwtTokens.claims("account", pub(r1Only))
                .nats(
                        "limits",
                        "{\"subs\":-1,\"conn\":-1,\"payload\":-1,\"data\":-1,\"tiered_limits\":{\"R1\":" + TIER + "}}")
                .sign(operator);
        Object[] accounts = {
            pub(system), JwtTokens.account(system).sign(operator), pub(r3Only), jwtR3, pub(r1Only), jwtR1
        };
        Path ours = dir.resolve("ours.conf");
        Files.writeString(ours, config(dir.resolve("ours-store"), operatorFile, pub(system), accounts));
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(ours).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        TARGETS.add(new Target("broker", broker.clientUrl(), broker));
        if (Files.isExecutable(Path.of(REFERENCE))) {
            Path ref = dir.resolve("ref.conf");
            Files.writeString(ref, config(dir.resolve("ref-store"), operatorFile, pub(system), accounts));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(REFERENCE, "-c", ref.toString(), "-a", "127.0.0.1", "-p", "" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ref.log").toFile())
                    .start();
            String url = "nats://127.0.0.1:" + port;
            Path creds = creds(r1Only);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                connect(url, creds).close();
                return true;
            });
            TARGETS.add(new Target("nats-server", url, () -> {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }));
        }
    }

    private static String config(Path store, Path operatorFile, String system, Object[] accounts) {
        StringBuilder preload = new StringBuilder();
        for (int i = 0; i < accounts.length; i += 2) {
            preload.append("  ")
                    .append(accounts[i])
                    .append(": \"")
                    .append(accounts[i + 1])
                    .append("\"\n");
        }
        return CONFIG.formatted(
                store.toString().replace('\\', '/'), operatorFile.toString().replace('\\', '/'), system, preload);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Target t : TARGETS) {
            t.stop().close();
        }
        TARGETS.clear();
    }

    private static final AtomicInteger CREDS = new AtomicInteger();

    private static Path creds(NKey account) throws Exception {
        NKey u = JwtTokens.userKey();
        String jwt = JwtTokens.user(u).sign(account);
        return JwtTokens.creds(dir.resolve("u" + CREDS.incrementAndGet() + ".creds"), jwt, u);
    }

    private static Connection connect(String url, Path creds) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .authHandler(Nats.credentials(creds.toString()))
                .connectionTimeout(WAIT)
                .maxReconnects(0)
                .build());
    }

    private static String create(JetStreamManagement jsm, String name, int replicas) throws Exception {
        try {
            jsm.addStream(StreamConfiguration.builder()
                    .name(name)
                    .subjects(name + ".>")
                    .storageType(StorageType.Memory)
                    .replicas(replicas)
                    .build());
            return "ok";
        } catch (JetStreamApiException e) {
            return e.getApiErrorCode() + " " + e.getErrorCode() + " " + e.getErrorDescription();
        }
    }

    @Test
    void aReplicaCountWithoutTierIsRefusedAsNatsServerDoes() throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (Target t : TARGETS) {
            List<String> r = new ArrayList<>();
            try (Connection c = connect(t.url(), creds(r3Only))) {
                JetStreamManagement jsm = c.jetStreamManagement();
                r.add(create(jsm, "R1S", 1));
                r.add(create(jsm, "R3S", 3));
            }
            try (Connection c = connect(t.url(), creds(r1Only))) {
                JetStreamManagement jsm = c.jetStreamManagement();
                r.add(create(jsm, "R3S", 3));
                r.add(create(jsm, "R1S", 1));
            }
            seen.put(t.name(), r);
        }
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
        assertThat(seen.get("broker"))
                .isEqualTo(List.of(
                        "10120 400 no JetStream default or applicable tiered limit present",
                        "10074 500 replicas > 1 not supported in non-clustered mode",
                        "10120 400 no JetStream default or applicable tiered limit present",
                        "ok"));
    }
}
