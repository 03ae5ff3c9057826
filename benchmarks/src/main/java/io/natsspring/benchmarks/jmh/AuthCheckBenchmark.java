package io.natsspring.benchmarks.jmh;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.nats.client.NKey;
import io.natsspring.broker.internal.auth.AuthNKeyUser;
import io.natsspring.broker.internal.auth.AuthResult;
import io.natsspring.broker.internal.auth.AuthUser;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker's cost of one authentication check per CONNECT, without the network: {@code plain} (user and plain
 * password among 100 users), {@code bcrypt} (the same with a bcrypt hash of cost 11, as nats-server's
 * {@code nats server passwd} makes), {@code nkey} (Ed25519 verification of the signed nonce) and {@code token}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AuthCheckBenchmark {

    private static final int USERS = 100;

    @Param({"plain", "bcrypt", "nkey", "token"})
    public String kind;

    private Authenticator authenticator;
    private Credentials credentials;

    @Setup
    public void setUp() throws Exception {
        switch (kind) {
            case "plain" -> {
                authenticator = new Authenticator(null, null, null, users("s3cret-password"));
                credentials = Credentials.of("user-42", "s3cret-password", null);
            }
            case "bcrypt" -> {
                String hash = BCrypt.withDefaults().hashToString(11, "s3cret-password".toCharArray());
                authenticator = new Authenticator(null, null, null, users(hash));
                credentials = Credentials.of("user-42", "s3cret-password", null);
            }
            case "nkey" -> {
                NKey key = NKey.createUser(null);
                String publicKey = new String(key.getPublicKey());
                authenticator = new Authenticator(
                        null, null, null, List.of(), List.of(new AuthNKeyUser(publicKey, null)), null);
                String nonce = Authenticator.newNonce();
                String sig = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(key.sign(nonce.getBytes(StandardCharsets.US_ASCII)));
                credentials = new Credentials(null, null, null, publicKey, sig, nonce);
            }
            case "token" -> {
                authenticator = new Authenticator("a-long-enough-secret-token", null, null, List.of());
                credentials = Credentials.of(null, null, "a-long-enough-secret-token");
            }
            default -> throw new IllegalArgumentException(kind);
        }
        if (!authenticator.authenticate(credentials).ok()) {
            throw new IllegalStateException("the " + kind + " credentials are refused");
        }
    }

    private static List<AuthUser> users(String password) {
        return java.util.stream.IntStream.range(0, USERS)
                .mapToObj(i -> new AuthUser("user-" + i, password, null))
                .toList();
    }

    @Benchmark
    public AuthResult check() {
        return authenticator.authenticate(credentials);
    }
}
