package io.natsspring.broker.internal.launcher.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads text in the {@code nats-server} configuration syntax into a {@link ConfigMap} tree.
 *
 * <p>Supported: {@code key: value}, {@code key = value} and {@code key value}; blocks {@code key { ... }};
 * arrays {@code [a, b]} separated by commas and/or new lines; entries separated by new lines, {@code ,} or
 * {@code ;}; comments from {@code #} or {@code //} to the end of the line; strings bare, {@code "double"}
 * (with {@code \} escapes) or {@code 'single'} (verbatim) quoted; numbers with size units (see
 * {@link BareWords}); booleans; block strings {@code (} ... a line holding only {@code )}; {@code include path} (relative to the including file, cycles rejected);
 * {@code $NAME} variables, resolved against keys written earlier in the same or an enclosing block, then the
 * environment. A whole file may also be wrapped in one pair of braces, as JSON.
 */
public final class ConfigParser {

    private final Function<String, String> environment;

    /** A parser resolving unknown variables from the process environment. */
    public ConfigParser() {
        this(System::getenv);
    }

    /** A parser resolving unknown variables with {@code environment} (returns {@code null} for undefined). */
    public ConfigParser(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Parses a file and the files it includes. */
    public ConfigMap parseFile(Path file) {
        Parse parse = new Parse();
        MapDraft root = new MapDraft(new ConfigLocation(file.toString(), 1));
        parse.scopes.push(root);
        parse.parseFileInto(file, root, null);
        return root.build();
    }

    /** Parses text; {@code sourceName} names it in messages, includes are relative to the working directory. */
    public ConfigMap parseText(String text, String sourceName) {
        Parse parse = new Parse();
        MapDraft root = new MapDraft(new ConfigLocation(sourceName, 1));
        parse.scopes.push(root);
        parse.parseDocument(new Cursor(text, sourceName, Path.of("")), root);
        return root.build();
    }

    /** State of one parse: open blocks (variable scopes) and the chain of files being included. */
    private final class Parse {
        private final Deque<MapDraft> scopes = new ArrayDeque<>();
        private final Deque<Path> includeChain = new ArrayDeque<>();

        void parseFileInto(Path file, MapDraft target, ConfigLocation includedFrom) {
            Path identity = identity(file);
            if (includeChain.contains(identity)) {
                throw new ConfigException(includedFrom, "include cycle: " + file + " is already being read");
            }
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new ConfigException(includedFrom, "configuration file not found: " + file);
            } catch (IOException e) {
                throw new ConfigException(includedFrom, "can not read configuration file " + file + ": " + e, e);
            }
            includeChain.push(identity);
            Path dir = file.getParent();
            parseDocument(new Cursor(text, file.toString(), dir == null ? Path.of("") : dir), target);
            includeChain.pop();
        }

        private Path identity(Path file) {
            try {
                return file.toRealPath();
            } catch (IOException e) {
                return file.toAbsolutePath().normalize();
            }
        }

        void parseDocument(Cursor c, MapDraft target) {
            if (c.peekIs('\uFEFF')) {
                c.next();
            }
            skipBlank(c);
            if (c.peekIs('{')) {
                ConfigLocation open = c.location();
                c.next();
                parseMapBody(c, target, open, "the file");
                skipBlank(c);
                if (!c.atEnd()) {
                    throw c.error("expected the end of the file after the closing '}' of line " + open.line()
                            + ", found " + c.describeNext());
                }
            } else {
                parseMapBody(c, target, null, null);
            }
        }

        /** Entries until the closing brace when {@code open} is set, else until the end of the file. */
        void parseMapBody(Cursor c, MapDraft target, ConfigLocation open, String what) {
            while (true) {
                skipBlank(c);
                if (c.atEnd()) {
                    if (open != null) {
                        throw c.error("expected '}' to close " + what + " opened at line " + open.line()
                                + ", found the end of the file");
                    }
                    return;
                }
                if (c.peekIs('}')) {
                    if (open == null) {
                        // as nats-server: a '}' may close the top level; only white space may follow it
                        c.next();
                        while (!c.atEnd() && Character.isWhitespace(c.peek())) {
                            c.next();
                        }
                        if (!c.atEnd()) {
                            throw c.error("expected the end of the file after the closing '}' of the top level,"
                                    + " found " + c.describeNext());
                        }
                        return;
                    }
                    c.next();
                    return;
                }
                String key = parseEntry(c, target);
                skipSpacesAndComment(c);
                if (c.atEnd() || c.peekIs('}')) {
                    continue;
                }
                if (c.peekIs('\n') || c.peekIs(',') || c.peekIs(';')) {
                    c.next();
                    continue;
                }
                throw c.error(
                        "expected a new line, ',' or ';' after the value of '" + key + "', found " + c.describeNext());
            }
        }

        String parseEntry(Cursor c, MapDraft target) {
            ConfigLocation keyLocation = c.location();
            boolean quoted = c.peekIs('"') || c.peekIs('\'');
            String key = quoted ? parseQuoted(c) : parseBareKey(c);
            boolean include = !quoted && key.equals("include");
            skipSpaces(c);
            // as nats-server: white space, new lines included, may separate a key from its value
            while (!include && !c.atEnd() && Character.isWhitespace(c.peek())) {
                c.next();
            }
            if (c.peekIs(':') || c.peekIs('=')) {
                c.next();
                skipSpaces(c);
            }
            if (include) {
                include(c, target, keyLocation);
                return key;
            }
            target.put(key, keyLocation, parseValue(c, "'" + key + "'"));
            return key;
        }

        void include(Cursor c, MapDraft target, ConfigLocation at) {
            if (atValueEnd(c)) {
                throw c.error("expected a file name after 'include'");
            }
            String name = c.peekIs('"') || c.peekIs('\'') ? parseQuoted(c) : readBareWord(c);
            if (name.isEmpty()) {
                throw c.error("expected a file name after 'include', found " + c.describeNext());
            }
            Path file;
            try {
                // as nats-server (Go's filepath.Join): a name starting with '/' is in the including file's folder too
                file = c.baseDir.resolve(name.replaceFirst("^/+", "")).normalize();
            } catch (InvalidPathException e) {
                throw c.error("invalid file name after 'include': " + e.getReason());
            }
            parseFileInto(file, target, at);
        }

        ConfigValue parseValue(Cursor c, String what) {
            if (atValueEnd(c)) {
                throw c.error("expected a value for " + what + ", found " + c.describeNext());
            }
            char ch = c.peek();
            switch (ch) {
                case '{': {
                    ConfigLocation open = c.location();
                    c.next();
                    MapDraft block = new MapDraft(open);
                    scopes.push(block);
                    parseMapBody(c, block, open, "the block " + what);
                    scopes.pop();
                    return block.build();
                }
                case '[':
                    return parseArray(c, what);
                case '"':
                case '\'': {
                    ConfigLocation at = c.location();
                    return new ConfigString(parseQuoted(c), at);
                }
                case '$':
                    return parseVariable(c);
                case '(':
                    return parseBlockString(c);
                default: {
                    ConfigLocation at = c.location();
                    String word = readBareWord(c);
                    if (word.isEmpty()) {
                        throw c.error("expected a value for " + what + ", found " + c.describeNext());
                    }
                    return BareWords.toValue(word, at);
                }
            }
        }

        ConfigList parseArray(Cursor c, String what) {
            ConfigLocation open = c.location();
            c.next();
            List<ConfigValue> items = new ArrayList<>();
            while (true) {
                skipBlank(c);
                if (c.atEnd()) {
                    throw c.error("expected ']' to close the array " + what + " opened at line " + open.line()
                            + ", found the end of the file");
                }
                if (c.peekIs(']')) {
                    c.next();
                    return new ConfigList(items, open);
                }
                items.add(parseValue(c, "an element of " + what));
                skipSpacesAndComment(c);
                if (c.peekIs(',') || c.peekIs('\n')) {
                    c.next();
                } else if (!c.atEnd() && !c.peekIs(']')) {
                    throw c.error("expected ',', a new line or ']' in the array " + what + " opened at line "
                            + open.line() + ", found " + c.describeNext());
                }
            }
        }

        /**
         * A block string, as nats-server lexes it: the text after {@code (} up to a line holding only {@code )},
         * the new lines around it included.
         */
        ConfigString parseBlockString(Cursor c) {
            ConfigLocation at = c.location();
            c.next();
            StringBuilder s = new StringBuilder();
            while (true) {
                if (c.atEnd()) {
                    throw new ConfigException(at, "unterminated block string: expected a line holding only ')'");
                }
                char ch = c.next();
                if (ch == ')' && s.length() > 0 && s.charAt(s.length() - 1) == '\n' && (c.atEnd() || c.peekIs('\n'))) {
                    return new ConfigString(s.toString(), at);
                }
                s.append(ch);
            }
        }

        ConfigValue parseVariable(Cursor c) {
            ConfigLocation at = c.location();
            c.next();
            StringBuilder name = new StringBuilder();
            while (!c.atEnd() && (Character.isLetterOrDigit(c.peek()) || c.peek() == '_')) {
                name.append(c.next());
            }
            if (name.length() == 0) {
                throw c.error("expected a variable name after '$'");
            }
            String var = name.toString();
            for (MapDraft scope : scopes) {
                ConfigValue value = scope.referenceVariable(var);
                if (value != null) {
                    return value;
                }
            }
            String env = environment.apply(var);
            if (env != null) {
                return BareWords.toValue(env.trim(), at);
            }
            throw new ConfigException(
                    at,
                    "variable '$" + var
                            + "' is not defined: no key of that name earlier in this or an enclosing block,"
                            + " and no environment variable");
        }

        String parseQuoted(Cursor c) {
            ConfigLocation start = c.location();
            char quote = c.next();
            StringBuilder s = new StringBuilder();
            while (true) {
                if (c.atEnd() || c.peekIs('\n')) {
                    throw new ConfigException(
                            start, "unterminated string: expected a closing " + quote + " on the same line");
                }
                char ch = c.next();
                if (ch == quote) {
                    return s.toString();
                }
                if (ch == '\\' && quote == '"') {
                    s.append(escape(c));
                } else {
                    s.append(ch);
                }
            }
        }

        char escape(Cursor c) {
            if (c.atEnd()) {
                throw c.error("expected an escaped character after '\\'");
            }
            char e = c.next();
            // exactly the escapes nats-server's lexer knows
            switch (e) {
                case '"':
                case '\\':
                    return e;
                case 'n':
                    return '\n';
                case 't':
                    return '\t';
                case 'r':
                    return '\r';
                case 'x': {
                    StringBuilder hex = new StringBuilder();
                    for (int i = 0; i < 2 && !c.atEnd(); i++) {
                        hex.append(c.next());
                    }
                    try {
                        if (hex.length() == 2) {
                            return (char) Integer.parseInt(hex.toString(), 16);
                        }
                    } catch (NumberFormatException ignored) {
                        // reported below
                    }
                    throw c.error("expected two hexadecimal digits after '\\x', found \"" + hex + "\"");
                }
                default:
                    throw c.error("unknown escape '\\" + e
                            + "' in a double-quoted string: only \\xXX, \\t, \\n, \\r, \\\" and"
                            + " \\\\ are allowed (use single quotes for text taken literally)");
            }
        }

        String parseBareKey(Cursor c) {
            StringBuilder key = new StringBuilder();
            while (!c.atEnd() && !Character.isWhitespace(c.peek()) && ":=[]{},;#\"'".indexOf(c.peek()) < 0) {
                key.append(c.next());
            }
            if (key.length() == 0) {
                throw c.error("expected a key, found " + c.describeNext());
            }
            return key.toString();
        }

        String readBareWord(Cursor c) {
            StringBuilder word = new StringBuilder();
            while (!c.atEnd() && !Character.isWhitespace(c.peek()) && ",;]}".indexOf(c.peek()) < 0) {
                word.append(c.next());
            }
            return word.toString();
        }

        boolean atValueEnd(Cursor c) {
            return c.atEnd() || c.peekIs('\n') || c.atComment();
        }

        void skipSpaces(Cursor c) {
            while (!c.atEnd() && c.peek() != '\n' && Character.isWhitespace(c.peek())) {
                c.next();
            }
        }

        void skipSpacesAndComment(Cursor c) {
            skipSpaces(c);
            if (c.atComment()) {
                while (!c.atEnd() && !c.peekIs('\n')) {
                    c.next();
                }
            }
        }

        void skipBlank(Cursor c) {
            while (true) {
                skipSpacesAndComment(c);
                if (!c.peekIs('\n')) {
                    return;
                }
                c.next();
            }
        }
    }

    /** Read position in one file's text. */
    private static final class Cursor {
        private final String text;
        private final String name;
        private final Path baseDir;
        private int pos;
        private int line = 1;

        Cursor(String text, String name, Path baseDir) {
            this.text = text;
            this.name = name;
            this.baseDir = baseDir;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        boolean peekIs(char ch) {
            return pos < text.length() && text.charAt(pos) == ch;
        }

        boolean atComment() {
            return peekIs('#') || text.startsWith("//", pos);
        }

        char next() {
            char ch = text.charAt(pos++);
            if (ch == '\n') {
                line++;
            }
            return ch;
        }

        ConfigLocation location() {
            return new ConfigLocation(name, line);
        }

        String describeNext() {
            if (atEnd()) {
                return "the end of the file";
            }
            if (peekIs('\n')) {
                return "the end of the line";
            }
            if (atComment()) {
                return "a comment";
            }
            return "'" + peek() + "'";
        }

        ConfigException error(String detail) {
            return new ConfigException(location(), detail);
        }
    }

    /** A block being parsed; also the scope in which its keys are variables. */
    private static final class MapDraft {
        private final ConfigLocation location;
        private final Map<String, ConfigValue> values = new LinkedHashMap<>();
        private final Map<String, ConfigLocation> keyLocations = new LinkedHashMap<>();
        private final Map<String, Boolean> referenced = new LinkedHashMap<>();

        MapDraft(ConfigLocation location) {
            this.location = location;
        }

        void put(String key, ConfigLocation at, ConfigValue value) {
            values.put(key, value);
            keyLocations.put(key, at);
            referenced.putIfAbsent(key, false);
        }

        ConfigValue referenceVariable(String key) {
            ConfigValue value = values.get(key);
            if (value != null) {
                referenced.put(key, true);
            }
            return value;
        }

        ConfigMap build() {
            List<ConfigEntry> entries = new ArrayList<>(values.size());
            values.forEach((key, value) ->
                    entries.add(new ConfigEntry(key, keyLocations.get(key), value, referenced.get(key))));
            return new ConfigMap(entries, location);
        }
    }
}
