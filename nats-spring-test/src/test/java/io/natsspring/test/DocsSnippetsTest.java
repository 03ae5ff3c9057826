package io.natsspring.test;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of docs/testing.md are copies of regions of compiled tests, marked
 * {@code // snippet: docs/testing.md "<name>"} … {@code // end snippet}: each region must appear in the page verbatim
 * (less its common indentation).
 */
class DocsSnippetsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern START = Pattern.compile("\\s*// snippet: docs/testing\\.md \"(.+)\"");
    private static final List<String> SOURCES =
            List.of("nats-spring-test/src/test/java", "nats-spring-boot-starter/src/test/java");

    @Test
    void everyMarkedRegionIsOnThePage() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/testing.md"));
        Map<String, String> snippets = snippets();
        assertThat(snippets).as("snippet regions in " + SOURCES).hasSizeGreaterThanOrEqualTo(7);
        snippets.forEach((name, body) -> assertThat(page)
                .as("docs/testing.md has the snippet \"%s\"", name)
                .contains(body));
    }

    private static Map<String, String> snippets() throws IOException {
        Map<String, String> snippets = new LinkedHashMap<>();
        for (String source : SOURCES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(source))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher start = START.matcher(lines.get(i));
                        if (start.matches()) {
                            List<String> body = new ArrayList<>();
                            int j = i + 1;
                            while (!lines.get(j).contains("// end snippet")) {
                                body.add(lines.get(j++));
                            }
                            snippets.put(start.group(1), dedent(body));
                            i = j;
                        }
                    }
                }
            }
        }
        return snippets;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString().strip();
    }
}
