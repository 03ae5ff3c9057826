package io.natsspring.boot.docs;

import io.natsspring.boot.autoconfigure.validation.NatsPropertiesChecker;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Code blocks in {@code docs/*.md} preceded by {@code <!-- snippet: path[#tag] -->} are copies of compiled test
 * sources (the whole file, or the lines between {@code // tag::tag[]} and {@code // end::tag[]}; a tag may open
 * several times, e.g. around the imports and around the code), so the docs show
 * code that compiles, with its imports. This test fails when a block and its source differ.
 */
class DocSnippetsTest {

    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: ([^#\\s]+)(?:#(\\S+))? -->\\R```\\w*\\R(.*?)\\R```", Pattern.DOTALL);

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void docSnippetsMatchTheirSources() throws IOException {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = SNIPPET.matcher(Files.readString(doc));
                while (m.find()) {
                    String where = ROOT.relativize(doc) + " -> " + m.group(1) + (m.group(2) == null ? "" : "#" + m.group(2));
                    assertThat(normalize(m.group(3))).as(where).isEqualTo(source(m.group(1), m.group(2)));
                    checked.add(where);
                }
            }
        }
        assertThat(checked).as("snippets found in docs/").hasSizeGreaterThanOrEqualTo(6);
    }

    /** No Java block in the docs that the build does not compile. */
    @Test
    void everyJavaBlockIsASnippet() throws IOException {
        Pattern java = Pattern.compile("(<!-- snippet: \\S+ -->\\R)?```java\\R");
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            // docs/testing.md marks its snippets in the test sources instead; nats-spring-test's DocsSnippetsTest
            // checks every one of them against the page
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().equals("testing.md")).sorted().toList()) {
                Matcher m = java.matcher(Files.readString(doc));
                while (m.find()) {
                    assertThat(m.group(1)).as("%s: the ```java block at offset %d has no <!-- snippet: path --> source",
                            ROOT.relativize(doc), m.start()).isNotNull();
                }
            }
        }
    }

    /** Every {@code nats:} YAML block in the docs uses only valid keys and valid declarations. */
    @Test
    void yamlBlocksUseValidNatsProperties() throws IOException {
        Pattern yaml = Pattern.compile("```yaml\\R(.*?)\\R```", Pattern.DOTALL);
        int checked = 0;
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = yaml.matcher(Files.readString(doc));
                while (m.find()) {
                    Object loaded = new Yaml().load(m.group(1));
                    if (!(loaded instanceof Map<?, ?> root) || !root.containsKey("nats")) {
                        continue;
                    }
                    Map<String, Object> flat = new LinkedHashMap<>();
                    flatten("", loaded, flat);
                    StandardEnvironment environment = new StandardEnvironment();
                    environment.getPropertySources().addFirst(new MapPropertySource(doc.getFileName().toString(), flat));
                    String where = ROOT.relativize(doc) + " at offset " + m.start();
                    assertThatNoException().as(where)
                            .isThrownBy(() -> NatsPropertiesChecker.check(environment, getClass().getClassLoader()));
                    checked++;
                }
            }
        }
        assertThat(checked).as("nats: YAML blocks found in docs/").isGreaterThanOrEqualTo(2);
    }

    private static void flatten(String prefix, Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else {
            into.put(prefix, value == null ? "" : String.valueOf(value));
        }
    }

    private static String source(String path, String tag) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(path));
        if (tag == null) {
            return normalize(String.join("\n", lines.stream().filter(l -> !isMarker(l)).toList()));
        }
        // Each region is dedented on its own; a tag that opens again continues after a blank line.
        List<String> regions = new ArrayList<>();
        List<String> region = null;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.equals("// tag::" + tag + "[]")) {
                region = new ArrayList<>();
            } else if (trimmed.equals("// end::" + tag + "[]") && region != null) {
                regions.add(dedent(region));
                region = null;
            } else if (region != null && !isMarker(line)) {
                region.add(line);
            }
        }
        return normalize(String.join("\n\n", regions));
    }

    private static boolean isMarker(String line) {
        return line.trim().matches("(//|#) (tag|end)::\\S+\\[]");
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    private static String normalize(String text) {
        return text.replace("\r\n", "\n").strip();
    }
}
