package io.natsspring.broker.internal.auth;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.NKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account JWT files of a directory resolver: layout, atomic writes, limits, deletes and unusable files. */
class JwtDirectoryTest {

    @TempDir
    Path dir;

    private static NKey operator;
    private static NKey a;
    private static NKey b;
    private static NKey c;

    @BeforeAll
    static void keys() throws Exception {
        operator = JwtTokens.operatorKey();
        a = JwtTokens.accountKey();
        b = JwtTokens.accountKey();
        c = JwtTokens.accountKey();
    }

    private static String jwt(NKey account) {
        return JwtTokens.account(account).sign(operator);
    }

    @Test
    void storesOneFilePerAccountAndReadsThemBack() throws Exception {
        JwtDirectory store = new JwtDirectory(dir.resolve("jwt"), false, 0, false);
        String jwtA = jwt(a);
        assertThat(store.save(pub(a), jwtA)).isTrue();
        assertThat(store.save(pub(a), jwtA)).as("the same JWT again").isFalse();
        assertThat(Files.readString(dir.resolve("jwt").resolve(pub(a) + ".jwt")))
                .isEqualTo(jwtA);
        try (Stream<Path> files = Files.list(dir.resolve("jwt"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(pub(a) + ".jwt");
        }
        JwtDirectory reopened = new JwtDirectory(dir.resolve("jwt"), false, 0, false);
        assertThat(reopened.get(pub(a))).isEqualTo(jwtA);
        assertThat(reopened.keys()).containsExactly(pub(a));
        assertThat(reopened.problems()).isEmpty();
    }

    @Test
    void aWriteReplacesTheFileAsAWholeAndLeavesNoTemporaryFile() throws Exception {
        JwtDirectory store = new JwtDirectory(dir, false, 0, false);
        store.save(pub(a), jwt(a));
        String newer = jwt(a);
        store.save(pub(a), newer);
        assertThat(Files.readString(store.file(pub(a)))).isEqualTo(newer);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(pub(a) + ".jwt");
        }
        // a temporary file left by a crash between write and move is not read as an account
        Files.writeString(dir.resolve("." + pub(b) + ".jwt.tmp"), "torn");
        assertThat(new JwtDirectory(dir, false, 0, false).keys()).containsExactly(pub(a));
    }

    @Test
    void unusableFilesAreNamedAndIgnored() throws Exception {
        Files.writeString(dir.resolve("not-a-key.jwt"), jwt(a));
        Files.writeString(dir.resolve(pub(b) + ".jwt"), "");
        Files.writeString(dir.resolve(pub(c) + ".jwt"), jwt(c));
        JwtDirectory store = new JwtDirectory(dir, false, 0, false);
        assertThat(store.keys()).containsExactly(pub(c));
        assertThat(store.problems())
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("not-a-key.jwt", "not an account public key"))
                .anySatisfy(p -> assertThat(p).contains(pub(b) + ".jwt", "empty"));
    }

    @Test
    void aFullStoreRefusesANewAccountAtItsLimitAndACacheEvictsTheLeastRecentlyUsed() {
        JwtDirectory full = new JwtDirectory(dir.resolve("full"), false, 2, false);
        full.save(pub(a), jwt(a));
        full.save(pub(b), jwt(b));
        assertThatThrownBy(() -> full.save(pub(c), jwt(c))).hasMessage("jwt store is full");
        full.save(pub(a), jwt(a)); // an update of a stored account is fine

        JwtDirectory cache = new JwtDirectory(dir.resolve("cache"), true, 2, true);
        cache.save(pub(a), jwt(a));
        cache.save(pub(b), jwt(b));
        cache.get(pub(a));
        cache.save(pub(c), jwt(c));
        assertThat(cache.keys()).containsExactlyInAnyOrder(pub(a), pub(c));
        assertThat(Files.exists(cache.file(pub(b)))).isFalse();
    }

    @Test
    void deleteRenamesOrRemovesTheFile() {
        JwtDirectory soft = new JwtDirectory(dir.resolve("soft"), false, 0, false);
        soft.save(pub(a), jwt(a));
        soft.delete(pub(a));
        soft.delete(pub(b)); // not stored: nothing happens
        assertThat(soft.get(pub(a))).isNull();
        assertThat(Files.exists(soft.file(pub(a)))).isFalse();
        assertThat(Files.exists(soft.dir().resolve(pub(a) + ".jwt.deleted"))).isTrue();
        assertThat(new JwtDirectory(soft.dir(), false, 0, false).keys()).isEmpty();

        JwtDirectory hard = new JwtDirectory(dir.resolve("hard"), false, 0, true);
        hard.save(pub(a), jwt(a));
        hard.delete(pub(a));
        assertThat(hard.dir().toFile().list()).isEmpty();
    }

    @Test
    void preloadsDoNotReplaceANewerJwt() {
        JwtDirectory store = new JwtDirectory(dir, false, 0, false);
        String older = JwtTokens.account(a).top("iat", 1000).sign(operator);
        String newer = JwtTokens.account(a).top("iat", 2000).sign(operator);
        store.save(pub(a), newer);
        assertThat(store.saveIfNewer(pub(a), older)).isFalse();
        assertThat(store.get(pub(a))).isEqualTo(newer);
        assertThat(store.saveIfNewer(pub(b), older.replace("x", "x"))).isTrue();
    }

    @Test
    void refusesKeysThatAreNoAccountKeys() {
        JwtDirectory store = new JwtDirectory(dir, false, 0, false);
        assertThatThrownBy(() -> store.save("../escape", jwt(a))).hasMessage("invalid public key");
        assertThatThrownBy(() -> store.save(pub(operator), jwt(a))).hasMessage("invalid public key");
        assertThatThrownBy(() -> store.save(pub(a), "")).hasMessage("invalid JWT");
    }

    @Test
    void aFileInTheWayOfTheDirectoryIsReported() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> new JwtDirectory(file, false, 0, false)).hasMessageContaining(file.toString());
    }
}
