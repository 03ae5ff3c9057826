package io.natsspring.boot.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

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
