package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.natsspring.broker.BrokerOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration syntax as {@code nats-server} parses it: {@code nats-server} 2.15.1 is started with each snippet
 * and this broker reads it; both must accept it (nats-server starting, possibly with warnings) or both refuse it,
 * and for accepted snippets the value this broker read is checked. Refusals must name the file and line. Skipped
 * without the reference binary.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConfigSyntaxDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final Map<String, String> ENV = Map.of("NS_TEST_NAME", "from-env", "NS_TEST_SIZE", "2KB");
    private static final String NKEY = "UAYQ3NTJIYHGNOPCBDWWJIX2HPZIYIVAIQ4UXNIMOIM6RFNO5EBNTGC5";

    @TempDir
    Path dir;

    /** A snippet, whether nats-server accepts it, and a check of the options this broker read (accepted only). */
    private record Case(String name, String text, boolean valid, Predicate<BrokerOptions> check) {}

    private static Case ok(String name, String text, Predicate<BrokerOptions> check) {
        return new Case(name, text, true, check);
    }

    private static Case bad(String name, String text) {
        return new Case(name, text, false, o -> true);
    }

    private static Predicate<BrokerOptions> name(String expected) {
        return o -> expected.equals(o.serverName());
    }

    private static Predicate<BrokerOptions> payload(int expected) {
        return o -> o.maxPayload() == expected;
    }

    private static final List<Case> CASES = List.of(
            ok("equals", "server_name = a1", name("a1")),
            ok("colon", "server_name: a1", name("a1")),
            ok("whitespace", "server_name a1", name("a1")),
            ok("tab separator", "server_name\ta1", name("a1")),
            ok("double quoted", "server_name: \"a#1//x\"", name("a#1//x")),
            ok("single quoted verbatim", "server_name: 'a\\1'", name("a\\1")),
            ok("escapes", "server_name: \"a\\x41\\\\b\"", name("aA\\b")),
            bad("escape u", "server_name: \"a\\u0041\""),
            ok("quoted key", "\"server_name\": a1", name("a1")),
            ok("case-insensitive key", "SERVER_NAME: a1", name("a1")),
            ok("semicolons", "server_name: a; max_payload: 1000;", o -> o.maxPayload() == 1000),
            ok("commas at top level", "server_name: a, max_payload: 1000", payload(1000)),
            ok("hash comment", "# hello\nserver_name: a1 # trailing\n", name("a1")),
            ok("slash comment", "// hello\nserver_name: a1 // trailing\n", name("a1")),
            ok("size KB", "max_payload: 1KB", payload(1024)),
            ok("size K", "max_payload: 1K", payload(1000)),
            ok("size kb lower case", "max_payload: 2kb", payload(2048)),
            ok("size MB", "max_payload: 1MB", payload(1024 * 1024)),
            ok("size MiB", "max_payload: 1MiB", payload(1024 * 1024)),
            ok("size M", "max_payload: 1M", payload(1_000_000)),
            ok(
                    "duration string",
                    "ping_interval: \"90s\"",
                    o -> o.pingInterval().getSeconds() == 90),
            ok(
                    "duration composite",
                    "ping_interval: \"1m30s\"",
                    o -> o.pingInterval().getSeconds() == 90),
            ok("duration as seconds", "ping_interval: 30", o -> o.pingInterval().getSeconds() == 30),
            ok(
                    "auth timeout decimal",
                    "authorization { token: t, timeout: 0.5 }",
                    o -> o.authTimeout().toMillis() == 500),
            ok("bool yes", "jetstream: yes", o -> true),
            ok("bool on/off", "jetstream: off", o -> !o.jetStream()),
            ok("bool TRUE", "jetstream: TRUE", BrokerOptions::jetStream),
            ok(
                    "nested block",
                    "jetstream {\n  max_mem: 1G\n  max_file: 2GB\n}",
                    o -> o.maxMemoryStore() == 1_000_000_000L && o.maxFileStore() == 2L * 1024 * 1024 * 1024),
            ok("value on the next line", "server_name\n\"x\"", name("x")),
            ok("block on the next line", "jetstream\n{\n  max_mem: 1G\n}", o -> o.maxMemoryStore() == 1_000_000_000L),
            ok(
                    "unquoted host:port",
                    "listen: 127.0.0.1:4333",
                    o -> o.port() == 4333 && o.host().equals("127.0.0.1")),
            ok(
                    "array with commas",
                    "authorization { users = [ {user: a, password: b}, {user: c, password: d} ] }",
                    o -> o.users().size() == 2),
            ok(
                    "array without commas",
                    "authorization {\n users = [\n  {user: a, password: b}\n  {user: c, password: d}\n ]\n}",
                    o -> o.users().size() == 2),
            bad(
                    "array on one line without commas",
                    "authorization { users = [ {user: a, password: b} {user: c, password: d} ] }"),
            ok(
                    "subject array",
                    "authorization { users = [ {user: a, password: b, permissions: {publish: [a, \"b.>\"]}} ] }",
                    o -> o.users().get(0).permissions().publishAllow().equals(List.of("a", "b.>"))),
            ok(
                    "top-level variable",
                    "PW = s3cret\nauthorization { user: u, password: $PW }",
                    o -> "s3cret".equals(o.password())),
            ok(
                    "variable inside a block",
                    "authorization {\n  PASS = \"p1\"\n  users = [ {user: a, password: $PASS} ]\n}",
                    o -> o.users().get(0).password().equals("p1")),
            ok(
                    "variable holding a block",
                    "P = { publish: \"x.>\" }\nauthorization { users = [ {user: a, password: b, permissions: $P} ] }",
                    o -> o.users().get(0).permissions().publishAllow().equals(List.of("x.>"))),
            ok("variable holding a size", "S = 4KB\nmax_payload: $S", payload(4096)),
            ok("environment variable", "server_name: $NS_TEST_NAME", name("from-env")),
            ok("environment variable with a size", "max_payload: $NS_TEST_SIZE", payload(2048)),
            ok("block string", "server_name (\nblock\n)\n", name("\nblock\n")),
            ok(
                    "json form",
                    "{\n  \"server_name\": \"j\",\n  \"max_payload\": 2048\n}",
                    o -> o.maxPayload() == 2048 && "j".equals(o.serverName())),
            ok("repeated key keeps the last", "server_name: a\nserver_name: b", name("b")),
            ok("empty file", "", o -> true),
            ok("only comments", "# nothing\n// here\n", o -> true),
            ok("include", "include ./inc.conf\nmax_payload: 2048", o -> "inc".equals(o.serverName())),
            ok("include quoted", "include \"inc.conf\"", name("inc")),
            ok("include of a name starting with /: in the file's folder", "include /inc.conf", name("inc")),
            ok("include inside a block", "authorization {\n  include auth.conf\n}", o -> "t".equals(o.token())),
            ok(
                    "user without password",
                    "authorization { users = [ {user: a} ] }",
                    o -> o.users().get(0).password().isEmpty()),
            ok(
                    "nkey user",
                    "authorization { users = [ {nkey: " + NKEY + "} ] }",
                    o -> NKEY.equals(o.users().get(0).nkey())),
            ok(
                    "allow_responses map",
                    "authorization { users = [ {user: a, password: b, permissions: "
                            + "{allow_responses: {max: 3, expires: \"5s\"}}} ] }",
                    o -> o.users().get(0).permissions().allowResponses().maxMsgs() == 3),
            ok(
                    "no_auth_user",
                    "authorization { users = [ {user: a, password: b} ] }\nno_auth_user: a",
                    o -> "a".equals(o.noAuthUser())),
            ok(
                    "default_permissions",
                    "authorization {\n default_permissions { publish: \"d.>\" }\n users = [ {user: a, password: b} ]\n}",
                    o -> o.users().get(0).permissions().publishAllow().equals(List.of("d.>"))),
            bad("unknown top-level key", "server_nam: a"),
            bad("unknown authorization key", "authorization { tokn: t }"),
            bad("unknown user key", "authorization { users = [ {user: a, password: b, colour: red} ] }"),
            bad(
                    "unknown permissions key",
                    "authorization { users = [ {user: a, password: b, permissions: {send: x}} ] }"),
            bad("undefined variable", "server_name: $NOT_DEFINED_ANYWHERE_X"),
            bad("block variable used outside", "authorization {\n  PASS = p\n  token: $PASS\n}\nserver_name: $PASS"),
            bad("unterminated string", "server_name: \"abc\n"),
            bad("missing closing brace", "jetstream {\n  max_mem: 1G\n"),
            ok("closing brace ends the top level", "server_name: a\n}\n", name("a")),
            bad("content after a closing top-level brace", "server_name: a\n}\nmax_payload: 10"),
            bad("two closing top-level braces", "server_name: a\n}\n}"),
            bad("separator then new line", "server_name:\n\"x\""),
            bad("missing include", "include ./does-not-exist.conf"),
            bad("invalid nkey", "authorization { users = [ {nkey: UABC} ] }"),
            bad("nkey with password", "authorization { users = [ {nkey: " + NKEY + ", password: x} ] }"),
            bad("no_auth_user not a user", "authorization { users = [ {user: a, password: b} ] }\nno_auth_user: z"),
            bad("no_auth_user without users", "no_auth_user: z"),
            bad("token and users", "authorization { token: t, users = [ {user: a, password: b} ] }"),
            bad("token and user", "authorization { token: t, user: u, password: p }"),
            bad(
                    "unquoted expires",
                    "authorization { users = [ {user: a, password: b, permissions: "
                            + "{allow_responses: {expires: 1m}}} ] }"),
            bad("duplicate user", "authorization { users = [ {user: a, password: b}, {user: a, password: c} ] }"),
            bad("bad escape", "server_name: \"a\\qb\""));

    @Test
    void snippetsAreAcceptedOrRefusedAsNatsServerDoes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(REFERENCE)), "nats-server 2.15 not installed at " + REFERENCE);
        Files.writeString(dir.resolve("inc.conf"), "server_name: inc\n");
        Files.writeString(dir.resolve("auth.conf"), "token: t\n");
        Function<String, String> env = ENV::get;
        List<String> problems = new ArrayList<>();
        int i = 0;
        for (Case c : CASES) {
            Path file = dir.resolve("case" + (i++) + ".conf");
            Files.writeString(file, c.text() + "\n");
            boolean reference = referenceAccepts(file);
            String ours;
            boolean accepted;
            try {
                BrokerOptions o = BrokerConfigFile.load(file, env).options();
                accepted = true;
                ours = c.check().test(o) ? "accepted" : "accepted with a wrong value";
            } catch (ConfigException e) {
                accepted = false;
                ours = e.getMessage();
                if (!e.getMessage().startsWith(file.toString() + ":")) {
                    problems.add(c.name() + ": error does not name file and line: " + e.getMessage());
                }
            }
            if (reference != c.valid()) {
                problems.add(c.name() + ": nats-server " + (reference ? "accepts" : "refuses")
                        + " it, the table says otherwise");
            }
            if (accepted != reference || ours.equals("accepted with a wrong value")) {
                problems.add(c.name() + ": nats-server " + (reference ? "accepts" : "refuses") + ", ours: " + ours);
            }
        }
        assertThat(problems).isEmpty();
    }

    /** True when nats-server starts with the file (on a random port); it is stopped at once. */
    private boolean referenceAccepts(Path file) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                        REFERENCE,
                        "-c",
                        file.toString(),
                        "-a",
                        "127.0.0.1",
                        "-p",
                        "-1",
                        "-sd",
                        dir.resolve("js").toString())
                .redirectErrorStream(true);
        pb.environment().putAll(ENV);
        pb.directory(dir.toFile());
        Process p = pb.start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.contains("Server is ready")) {
                    return true;
                }
            }
            return false;
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
