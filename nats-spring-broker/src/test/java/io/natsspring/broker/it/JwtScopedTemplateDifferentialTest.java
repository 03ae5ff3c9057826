package io.natsspring.broker.it;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.internal.auth.JwtTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Template functions in a scoped signing key's permissions ({@code {{name()}}}, {@code {{subject()}}},
 * {@code {{account-name()}}}, {@code {{account-subject()}}}, {@code {{tag(x)}}}, {@code {{account-tag(x)}}}),
 * expanded per user on this broker and on {@code nats-server} 2.15.1 from the same preloaded JWTs: which of a set
 * of subjects each user may publish to (an unrestricted watcher of the account sees what passed); a user whose
 * template needs a tag it lacks loses that allow entry; an unknown function or a missing tag in a deny list
 * refuses the user.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtScopedTemplateDifferentialTest {

    @TempDir
    Path dir;

    @Test
    void scopedKeyTemplatesExpandPerUserAsNatsServer() throws Exception {
        NKey operator = JwtTokens.operatorKey();
        NKey system = JwtTokens.accountKey();
        NKey account = JwtTokens.accountKey();
        NKey scoped = JwtTokens.accountKey();
        NKey badOp = JwtTokens.accountKey();
        NKey denyTag = JwtTokens.accountKey();
        String template = "{\"pub\":{\"allow\":[\"n.{{name()}}.>\",\"s.{{subject()}}\",\"a.{{account-name()}}\","
                + "\"as.{{account-subject()}}\",\"t.{{tag(dept)}}.{{account-tag(site)}}\"]},"
                + "\"sub\":{\"allow\":[\"_INBOX.>\"]}}";
        Path operatorFile = Files.writeString(
                dir.resolve("operator.jwt"),
                JwtTokens.claims("operator", pub(operator))
                        .nats("system_account", pub(system))
                        .sign(operator));
        Map<String, String> accounts = new LinkedHashMap<>();
        accounts.put(pub(system), JwtTokens.account(system).sign(operator));
        accounts.put(
                pub(account),
                JwtTokens.account(account)
                        .top("name", "acme")
                        .nats("tags", List.of("site:ber", "site:muc", "other:x"))
                        .nats(
                                "signing_keys",
                                "[" + scope(scoped, template) + ","
                                        + scope(badOp, "{\"pub\":{\"allow\":[\"x.{{nope()}}\"]}}") + ","
                                        + scope(denyTag, "{\"pub\":{\"deny\":[\"d.{{tag(missing)}}\"]}}") + "]")
                        .sign(operator));
        StringBuilder preload = new StringBuilder();
        accounts.forEach((k, v) ->
                preload.append("  ").append(k).append(": \"").append(v).append("\"\n"));
        String config = """
                operator: "%s"
                system_account: %s
                resolver: MEMORY
                resolver_preload: {
                %s}
                """.formatted(operatorFile.toString().replace('\\', '/'), pub(system), preload);

        NKey alice = JwtTokens.userKey();
        NKey bob = JwtTokens.userKey();
        Map<String, String> users = new LinkedHashMap<>();
        users.put(
                "alice",
                JwtTokens.claims("user", pub(alice))
                        .top("name", "alice")
                        .nats("issuer_account", pub(account))
                        .nats("tags", List.of("dept:eng", "dept:ops"))
                        .sign(scoped));
        users.put(
                "bob",
                JwtTokens.claims("user", pub(bob))
                        .top("name", "bob")
                        .nats("issuer_account", pub(account))
                        .sign(scoped));
        NKey c1 = JwtTokens.userKey();
        NKey c2 = JwtTokens.userKey();
        Map<String, NKey> seeds = Map.of("alice", alice, "bob", bob, "badOp", c1, "denyTag", c2);
        users.put(
                "badOp",
                JwtTokens.claims("user", pub(c1))
                        .nats("issuer_account", pub(account))
                        .sign(badOp));
        users.put(
                "denyTag",
                JwtTokens.claims("user", pub(c2))
                        .nats("issuer_account", pub(account))
                        .sign(denyTag));
        List<String> subjects = new ArrayList<>();
        for (String u : List.of("alice", "bob")) {
            NKey k = seeds.get(u);
            subjects.add("n." + u + ".x");
            subjects.add("s." + pub(k));
        }
        subjects.addAll(List.of("a.acme", "as." + pub(account), "t.eng.ber", "t.ops.muc", "t.eng.x", "n.other.x"));

        Map<String, Map<String, String>> seen =
                ConfigDifferential.observe(dir, store -> config, url -> observe(url, account, users, seeds, subjects));
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
        assertThat(seen.get("broker").get("alice"))
                .contains("n.alice.x")
                .contains("t.eng.ber")
                .doesNotContain("n.bob.x");
        assertThat(seen.get("broker").get("badOp")).isEqualTo("refused");
        assertThat(seen.get("broker").get("denyTag")).isEqualTo("refused");
    }

    private static String scope(NKey key, String template) {
        return "{\"kind\":\"user_scope\",\"key\":\"" + pub(key) + "\",\"role\":\"r\",\"template\":" + template + "}";
    }

    /** For each user: the subjects of the list it could publish to (as the watcher received them), or refused. */
    private Map<String, String> observe(
            String url, NKey account, Map<String, String> users, Map<String, NKey> seeds, List<String> subjects)
            throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        NKey w = JwtTokens.userKey();
        try (Connection watcher = connect(url, JwtTokens.user(w).sign(account), w)) {
            Subscription all = watcher.subscribe(">");
            watcher.flush(Duration.ofSeconds(3));
            for (Map.Entry<String, String> u : users.entrySet()) {
                Connection c;
                try {
                    c = connect(url, u.getValue(), seeds.get(u.getKey()));
                } catch (Exception e) {
                    out.put(u.getKey(), "refused");
                    continue;
                }
                try (c) {
                    for (String s : subjects) {
                        c.publish(s, u.getKey().getBytes(StandardCharsets.UTF_8));
                    }
                    c.flush(Duration.ofSeconds(3));
                }
                watcher.flush(Duration.ofSeconds(3));
                TreeSet<String> got = new TreeSet<>();
                Message m;
                while ((m = all.nextMessage(Duration.ofMillis(300))) != null) {
                    got.add(m.getSubject());
                }
                out.put(u.getKey(), String.join(",", got));
            }
        }
        return out;
    }

    private Connection connect(String url, String jwt, NKey seed) throws Exception {
        Path creds = JwtTokens.creds(Files.createTempFile(dir, "u", ".creds"), jwt, seed);
        return Nats.connect(new Options.Builder()
                .server(url)
                .authHandler(Nats.credentials(creds.toString()))
                .connectionTimeout(Duration.ofSeconds(3))
                .maxReconnects(0)
                .errorListener(new io.nats.client.ErrorListener() {})
                .build());
    }
}
