package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

    @TempDir
    Path dir;

    private static ConfigMap parse(String text) {
        return new ConfigParser(Map.<String, String>of()::get).parseText(text, "test.conf");
    }

    private static ConfigValue value(ConfigMap map, String key) {
        return map.entry(key)
                .orElseThrow(() -> new AssertionError("no key " + key))
                .value();
    }

    private static Object plain(ConfigValue v) {
        if (v instanceof ConfigString s) {
            return s.value();
        }
        if (v instanceof ConfigInteger i) {
            return i.value();
        }
        if (v instanceof ConfigDecimal d) {
            return d.value();
        }
        if (v instanceof ConfigBoolean b) {
            return b.value();
        }
        if (v instanceof ConfigList l) {
            return l.items().stream().map(ConfigParserTest::plain).toList();
        }
        ConfigMap m = (ConfigMap) v;
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        m.entries().forEach(e -> result.put(e.key(), plain(e.value())));
        return result;
    }

    private static void assertError(String text, int line, String... fragments) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ConfigException.class)
                .satisfies(e ->
                        assertThat(((ConfigException) e).location()).isEqualTo(new ConfigLocation("test.conf", line)))
                .hasMessageStartingWith("test.conf:" + line + ": ")
                .hasMessageContainingAll(fragments);
    }

    @Test
    void assignmentForms() {
        ConfigMap m = parse("a: 1\nb = 2\nc 3\nd:4\ne=5\n  f\t:\t6  \n");
        assertThat(plain(m)).isEqualTo(Map.of("a", 1L, "b", 2L, "c", 3L, "d", 4L, "e", 5L, "f", 6L));
    }

    @Test
    void separatorsBetweenEntries() {
        ConfigMap m = parse("host: 127.0.0.1; port: 4222;\nname: x, debug: true");
        assertThat(plain(m)).isEqualTo(Map.of("host", "127.0.0.1", "port", 4222L, "name", "x", "debug", true));
    }

    @Test
    void entryLinesAreRecorded() {
        ConfigMap m = parse("\n# comment\na: 1\n\nb {\n  c: [\n    1\n  ]\n}\n");
        ConfigEntry b = m.entry("b").orElseThrow();
        assertThat(m.entry("a").orElseThrow().location()).isEqualTo(new ConfigLocation("test.conf", 3));
        assertThat(b.location().line()).isEqualTo(5);
        ConfigEntry c = ((ConfigMap) b.value()).entry("c").orElseThrow();
        assertThat(c.location().line()).isEqualTo(6);
        assertThat(((ConfigList) c.value()).items().get(0).location().line()).isEqualTo(7);
    }

    @Test
    void nestedBlocksWithAndWithoutSeparator() {
        ConfigMap m = parse("""
                outer {
                  inner: { x: 1 }
                  other = { y: "z" }
                  deep { deeper { deepest: yes } }
                }
                """);
        assertThat(plain(m))
                .isEqualTo(Map.of(
                        "outer",
                        Map.of(
                                "inner", Map.of("x", 1L),
                                "other", Map.of("y", "z"),
                                "deep", Map.of("deeper", Map.of("deepest", true)))));
    }

    @Test
    void arraysWithCommasNewLinesAndBoth() {
        ConfigMap m = parse("""
                a: [1, 2, 3]
                b: [
                  "x"
                  'y',
                  z
                ]
                c [ ]
                d: [a, [b, c], {k: v}, ]
                """);
        assertThat(plain(m.entry("a").orElseThrow().value())).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(plain(value(m, "b"))).isEqualTo(List.of("x", "y", "z"));
        assertThat(plain(value(m, "c"))).isEqualTo(List.of());
        assertThat(plain(value(m, "d"))).isEqualTo(List.of("a", List.of("b", "c"), Map.of("k", "v")));
    }

    @Test
    void commentsInOddPlaces() {
        ConfigMap m = parse("""
                // leading
                a: 1 # after a value
                b: [ # after bracket
                  1, // after element
                  # own line
                  2
                ] // after array
                c { # after brace
                  d: "has # and // inside" # real comment
                } # after block
                e: nats://host:4222
                """);
        assertThat(plain(m))
                .isEqualTo(Map.of(
                        "a",
                        1L,
                        "b",
                        List.of(1L, 2L),
                        "c",
                        Map.of("d", "has # and // inside"),
                        "e",
                        "nats://host:4222"));
    }

    @Test
    void quotedStrings() {
        ConfigMap m = parse("""
                a: "double \\"quoted\\" \\t \\n \\\\ \\x41"
                b: 'single \\n kept $X'
                c: "$NOT_A_VARIABLE"
                "quoted key": 1
                'single key' = 2
                d: ""
                """);
        assertThat(plain(value(m, "a"))).isEqualTo("double \"quoted\" \t \n \\ A");
        assertThat(plain(value(m, "b"))).isEqualTo("single \\n kept $X");
        assertThat(plain(value(m, "c"))).isEqualTo("$NOT_A_VARIABLE");
        assertThat(plain(value(m, "quoted key"))).isEqualTo(1L);
        assertThat(plain(value(m, "single key"))).isEqualTo(2L);
        assertThat(plain(value(m, "d"))).isEqualTo("");
    }

    @Test
    void scalarTypes() {
        ConfigMap m = parse("""
                i: 42
                n: -7
                f: 0.5
                t1: true
                t2: YES
                t3: on
                f1: false
                f2: No
                f3: OFF
                s: hello
                ip: 127.0.0.1
                secret: "3secret"
                bare_secret: 3secret
                """);
        assertThat(plain(m))
                .isEqualTo(Map.ofEntries(
                        Map.entry("i", 42L),
                        Map.entry("n", -7L),
                        Map.entry("f", 0.5),
                        Map.entry("t1", true),
                        Map.entry("t2", true),
                        Map.entry("t3", true),
                        Map.entry("f1", false),
                        Map.entry("f2", false),
                        Map.entry("f3", false),
                        Map.entry("s", "hello"),
                        Map.entry("ip", "127.0.0.1"),
                        Map.entry("secret", "3secret"),
                        Map.entry("bare_secret", "3secret")));
    }

    @Test
    void sizeSuffixes() {
        ConfigMap m = parse("""
                k: 1K
                kb: 1KB
                kib: 1kib
                ki: 2Ki
                m: 1M
                mb: 1MB
                g: 2G
                gb: 2GB
                t: 1T
                tb: 1TB
                lower: 8mb
                """);
        assertThat(plain(m))
                .isEqualTo(Map.ofEntries(
                        Map.entry("k", 1000L),
                        Map.entry("kb", 1024L),
                        Map.entry("kib", 1024L),
                        Map.entry("ki", 2048L),
                        Map.entry("m", 1_000_000L),
                        Map.entry("mb", 1L << 20),
                        Map.entry("g", 2_000_000_000L),
                        Map.entry("gb", 2L << 30),
                        Map.entry("t", 1_000_000_000_000L),
                        Map.entry("tb", 1L << 40),
                        Map.entry("lower", 8L << 20)));
        assertThat(((ConfigInteger) value(m, "mb")).text()).isEqualTo("1MB");
        assertThat(((ConfigInteger) value(m, "mb")).hasSuffix()).isTrue();
    }

    @Test
    void durationsStayTextUntilMapped() {
        ConfigMap m = parse("a: \"2m\"\nb: 10s\nc: 1h30m\nd: 500ms\ne: 2m");
        assertThat(plain(value(m, "a"))).isEqualTo("2m");
        assertThat(plain(value(m, "b"))).isEqualTo("10s");
        assertThat(plain(value(m, "c"))).isEqualTo("1h30m");
        assertThat(plain(value(m, "d"))).isEqualTo("500ms");
        assertThat(((ConfigInteger) value(m, "e")).text()).isEqualTo("2m");
    }

    @Test
    void repeatedKeyKeepsLastValue() {
        assertThat(plain(parse("a: 1\na: 2"))).isEqualTo(Map.of("a", 2L));
    }

    @Test
    void wholeFileInBracesAsJson() {
        ConfigMap m = parse("{\n  \"port\": 4222,\n  \"authorization\": {\"users\": [{\"user\": \"a\"}]}\n}\n");
        assertThat(plain(m))
                .isEqualTo(Map.of("port", 4222L, "authorization", Map.of("users", List.of(Map.of("user", "a")))));
    }

    @Test
    void variablesFromSameAndEnclosingScope() {
        ConfigMap m = parse("""
                TOKEN: "s3cr3t"
                PORT = 4222
                port: $PORT
                authorization {
                  LOCAL: inner
                  token: $TOKEN
                  users [ { user: $LOCAL, password: $TOKEN } ]
                }
                """);
        ConfigMap auth = (ConfigMap) value(m, "authorization");
        assertThat(plain(value(m, "port"))).isEqualTo(4222L);
        assertThat(plain(value(auth, "token"))).isEqualTo("s3cr3t");
        assertThat(plain(value(auth, "users"))).isEqualTo(List.of(Map.of("user", "inner", "password", "s3cr3t")));
        assertThat(m.entry("TOKEN").orElseThrow().variable()).isTrue();
        assertThat(m.entry("PORT").orElseThrow().variable()).isTrue();
        assertThat(m.entry("port").orElseThrow().variable()).isFalse();
        assertThat(auth.entry("LOCAL").orElseThrow().variable()).isTrue();
    }

    @Test
    void innerScopeVariablesAreNotVisibleOutside() {
        assertError("a { X: 1 }\nb: $X", 2, "variable '$X' is not defined");
    }

    @Test
    void variableMustBeDefinedEarlier() {
        assertError("a: $LATER\nLATER: 1", 1, "'$LATER'");
    }

    @Test
    void variablesFallBackToTheEnvironment() {
        ConfigParser parser =
                new ConfigParser(Map.of("ENV_PORT", "4333", "ENV_NAME", "from env", "ENV_ON", "true")::get);
        ConfigMap m = parser.parseText(
                "PORT_IN_FILE: 1\np: $ENV_PORT\nn: $ENV_NAME\nb: $ENV_ON\nq: $PORT_IN_FILE", "env.conf");
        assertThat(plain(m)).isEqualTo(Map.of("PORT_IN_FILE", 1L, "p", 4333L, "n", "from env", "b", true, "q", 1L));
        assertThat(value(m, "p").location()).isEqualTo(new ConfigLocation("env.conf", 2));
    }

    @Test
    void fileVariableShadowsEnvironment() {
        ConfigParser parser = new ConfigParser(Map.of("X", "env")::get);
        assertThat(plain(parser.parseText("X: file\ny: $X", "t.conf"))).isEqualTo(Map.of("X", "file", "y", "file"));
    }

    @Test
    void missingVariableNamesLine() {
        assertError(
                "a: 1\n\nb: $MISSING_VAR_FOR_TEST\n",
                3,
                "variable '$MISSING_VAR_FOR_TEST' is not defined",
                "environment");
    }

    @Test
    void includeIsRelativeToTheIncludingFile() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(sub.resolve("main.conf"), "port: 4222\ninclude ./auth/auth.conf\nafter: $USER_NAME\n");
        Files.createDirectories(sub.resolve("auth"));
        Files.writeString(sub.resolve("auth/auth.conf"), "USER_NAME: bob\nauthorization { include \"users.conf\" }\n");
        Files.writeString(sub.resolve("auth/users.conf"), "\n\ntoken: t0k\n");

        ConfigMap m = new ConfigParser(k -> null).parseFile(sub.resolve("main.conf"));

        assertThat(plain(m))
                .isEqualTo(Map.of(
                        "port", 4222L, "USER_NAME", "bob", "authorization", Map.of("token", "t0k"), "after", "bob"));
        ConfigEntry token =
                ((ConfigMap) value(m, "authorization")).entry("token").orElseThrow();
        assertThat(token.location())
                .isEqualTo(new ConfigLocation(sub.resolve("auth/users.conf").toString(), 3));
    }

    @Test
    void includeCycleIsReported() throws IOException {
        Files.writeString(dir.resolve("a.conf"), "x: 1\ninclude b.conf\n");
        Files.writeString(dir.resolve("b.conf"), "y: 2\n\ninclude './a.conf'\n");

        assertThatThrownBy(() -> new ConfigParser().parseFile(dir.resolve("a.conf")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve("b.conf") + ":3: include cycle")
                .hasMessageContaining("a.conf");
    }

    @Test
    void missingIncludeNamesTheIncludingLine() throws IOException {
        Files.writeString(dir.resolve("a.conf"), "x: 1\ninclude nowhere.conf\n");
        assertThatThrownBy(() -> new ConfigParser().parseFile(dir.resolve("a.conf")))
                .hasMessageStartingWith(dir.resolve("a.conf") + ":2: configuration file not found")
                .hasMessageContaining("nowhere.conf");
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> new ConfigParser().parseFile(dir.resolve("none.conf")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration file not found: " + dir.resolve("none.conf"));
    }

    @Test
    void errorsSayWhereAndWhatWasExpected() {
        assertError("a: 1\nb:\n", 2, "expected a value for 'b', found the end of the line");
        assertError("a: 1\nb: # nothing\n", 2, "expected a value for 'b', found a comment");
        assertError("a {\n  b: 1\n", 3, "expected '}' to close the block 'a' opened at line 1");
        assertError("a: [1,\n 2\n", 3, "expected ']' to close the array 'a' opened at line 1");
        assertError("a: [1 2]", 1, "expected ',', a new line or ']'");
        assertError("x: 1\na: hello world\n", 2, "expected a new line, ',' or ';' after the value of 'a', found 'w'");
        assertError("a: 1\n}\nb: 2\n", 3, "expected the end of the file after the closing '}'");
        assertError("\n\na: \"open\n", 3, "unterminated string");
        assertError("a: \"bad \\q escape\"", 1, "unknown escape '\\q'");
        assertError("a: 1\n: 2", 2, "expected a key, found ':'");
        assertError("a: [1,,2]", 1, "expected a value for an element of 'a', found ','");
        assertError("a: $", 1, "expected a variable name after '$'");
        assertError("include\n", 1, "expected a file name after 'include'");
        assertError("{ a: 1 }\nb: 2", 2, "expected the end of the file");
        assertError("\nbig: 99999999999999999999", 2, "out of range");
        assertError("big: 9000000P", 1, "out of range");
    }
}
