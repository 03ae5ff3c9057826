package io.natsspring.broker.it;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.NKey;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full directory resolver on a reload and with JetStream: a {@code SIGHUP}-style reload reads the directory
 * again, and an account file whose JWT is not signed by a trusted key leaves the account its claims (as nats-server's
 * {@code updateAccountWithClaimJWT} refuses it), and a push that adds the first account while JetStream runs is
 * applied (with trusted keys nats-server's {@code globalAccountOnly()} is false from the start).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtResolverReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final AtomicInteger creds = new AtomicInteger();

    private Path userCreds(NKey account) throws Exception {
        NKey u = JwtTokens.userKey();
        return JwtTokens.creds(
                dir.resolve("u" + creds.incrementAndGet() + ".creds"),
                JwtTokens.user(u).sign(account),
                u);
    }

    private static Connection connect(String url, Path creds, List<String> errors) throws Exception {
        return JnatsLogin.withCreds(url, creds, errors, WAIT);
    }

    private Path config(NKey operator, NKey system, String extra) throws Exception {
        String operatorJwt = JwtTokens.claims("operator", pub(operator))
                .nats("system_account", pub(system))
                .sign(operator);
        Path operatorFile = Files.writeString(dir.resolve("operator.jwt"), operatorJwt);
        return Files.writeString(dir.resolve("broker.conf"), """
                operator: "%s"
                system_account: %s
                resolver: { type: full, dir: "%s" }
                resolver_preload: { %s: "%s" }
                %s
                """.formatted(
                        operatorFile.toString().replace('\\', '/'),
                        pub(system),
                        dir.resolve("jwt").toString().replace('\\', '/'),
                        pub(system),
                        JwtTokens.account(system).sign(operator),
                        extra));
    }

    private static NatsBroker start(Path config) throws Exception {
        return new NatsBroker(BrokerConfigFile.load(config).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
    }

    @Test
    void aReloadKeepsTheClaimsOfAnAccountWhoseFileIsNotTrusted() throws Exception {
        NKey operator = JwtTokens.operatorKey();
        NKey system = JwtTokens.accountKey();
        NKey account = JwtTokens.accountKey();
        Path config = config(operator, system, "");
        Files.createDirectories(dir.resolve("jwt"));
        Path file = dir.resolve("jwt").resolve(pub(account) + ".jwt");
        Files.writeString(file, JwtTokens.account(account).sign(operator));
        try (NatsBroker broker = start(config)) {
            List<String> errors = new CopyOnWriteArrayList<>();
            try (Connection user = connect(broker.clientUrl(), userCreds(account), errors)) {
                String untrusted = JwtTokens.account(account)
                        .nats("default_permissions", "{\"pub\":{\"deny\":[\"forbidden\"]}}")
                        .sign(JwtTokens.operatorKey());
                Files.writeString(file, untrusted, StandardCharsets.UTF_8);
                // and a new account's file, written by hand
                NKey other = JwtTokens.accountKey();
                String otherJwt = JwtTokens.account(other).sign(operator);
                Files.writeString(dir.resolve("jwt").resolve(pub(other) + ".jwt"), otherJwt);
                broker.reload(BrokerConfigFile.load(config).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build());
                user.publish("forbidden", new byte[0]);
                user.flush(WAIT);
                try (Connection again = connect(broker.clientUrl(), userCreds(account), errors)) {
                    again.publish("forbidden", new byte[0]);
                    again.flush(WAIT);
                }
                // the directory was read again: an account whose file appeared can log in
                connect(broker.clientUrl(), userCreds(other), errors).close();
                assertThat(errors).isEmpty();
                assertThat(user.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
        }
    }

    @Test
    void aPushAddingTheFirstAccountWhileJetStreamRunsIsApplied() throws Exception {
        NKey operator = JwtTokens.operatorKey();
        NKey system = JwtTokens.accountKey();
        NKey account = JwtTokens.accountKey();
        Path config = config(
                operator,
                system,
                "jetstream { store_dir: \"" + dir.resolve("js").toString().replace('\\', '/') + "\" }");
        try (NatsBroker broker = start(config)) {
            String jwt = JwtTokens.account(account)
                    .nats(
                            "limits",
                            "{\"subs\":-1,\"conn\":-1,\"payload\":-1,\"data\":-1,\"imports\":-1,\"exports\":-1,"
                                    + "\"wildcards\":true,\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,"
                                    + "\"consumer\":-1}")
                    .sign(operator);
            try (Connection sys = connect(broker.clientUrl(), userCreds(system), new CopyOnWriteArrayList<>())) {
                String answer = new String(
                        sys.request("$SYS.REQ.CLAIMS.UPDATE", jwt.getBytes(StandardCharsets.UTF_8), WAIT)
                                .getData(),
                        StandardCharsets.UTF_8);
                assertThat(answer).contains("\"message\":\"jwt updated\"");
            }
            try (Connection user = connect(broker.clientUrl(), userCreds(account), new CopyOnWriteArrayList<>())) {
                await().atMost(WAIT)
                        .ignoreExceptions()
                        .untilAsserted(() -> assertThat(user.jetStreamManagement()
                                        .addStream(StreamConfiguration.builder()
                                                .name("S")
                                                .subjects("s.>")
                                                .build())
                                        .getConfiguration()
                                        .getName())
                                .isEqualTo("S"));
            } catch (JetStreamApiException e) {
                throw new AssertionError(e);
            }
        }
    }
}
