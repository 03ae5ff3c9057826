package io.natsspring.broker.internal.jetstream.base;

/**
 * Finds where the next JSON value of a request body ends, or the syntax error Go's {@code encoding/json} decoder
 * reports for it ({@code invalid character '}' looking for beginning of object key string at offset 13},
 * {@code unexpected EOF}). Only the wording is Go's; parsing itself is Jackson's. Like {@code nats-server}'s
 * decoder, a body is read as a sequence of values, each checked for syntax before it is bound.
 */
final class GoJsonSyntax {

    /** Result of {@link #next}: the value's end, or an error message, or neither at the end of the input. */
    record Value(int start, int end, String error) {
        boolean present() {
            return error == null && end > start;
        }
    }

    private final byte[] in;
    private int pos;

    private GoJsonSyntax(byte[] in, int pos) {
        this.in = in;
        this.pos = pos;
    }

    /** Scans the value starting at or after {@code from} (after white space). */
    static Value next(byte[] in, int from) {
        GoJsonSyntax s = new GoJsonSyntax(in, from);
        s.skipSpace();
        int start = s.pos;
        if (start == in.length) {
            return new Value(start, start, null);
        }
        try {
            s.value();
            return new Value(start, s.pos, null);
        } catch (SyntaxError e) {
            return new Value(start, s.pos, e.getMessage());
        }
    }

    private void value() {
        skipSpace();
        int c = peek();
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw invalid("looking for beginning of value");
                }
            }
        }
    }

    private void object() {
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw invalid("looking for beginning of object key string");
            }
            string();
            skipSpace();
            if (peek() != ':') {
                throw invalid("after object key");
            }
            pos++;
            value();
            skipSpace();
            int c = peek();
            pos++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                pos--;
                throw invalid("after object key:value pair");
            }
        }
    }

    private void array() {
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value();
            skipSpace();
            int c = peek();
            pos++;
            if (c == ']') {
                return;
            }
            if (c != ',') {
                pos--;
                throw invalid("after array element");
            }
        }
    }

    private void string() {
        pos++;
        while (true) {
            int c = peek();
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\') {
                pos++;
                int e = peek();
                if (e == 'u') {
                    pos++;
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(peek(), 16) < 0) {
                            throw invalid("in \\u hexadecimal character escape");
                        }
                        pos++;
                    }
                    continue;
                }
                if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw invalid("in string escape code");
                }
            } else if (c < 0x20) {
                throw invalid("in string literal");
            }
            pos++;
        }
    }

    private void number() {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else {
            digits();
        }
        if (pos < in.length && in[pos] == '.') {
            pos++;
            digits();
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits();
        }
    }

    private void digits() {
        if (!isDigit(peek())) {
            throw invalid("in numeric literal");
        }
        while (pos < in.length && isDigit(in[pos])) {
            pos++;
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (peek() != word.charAt(i)) {
                throw invalid("in literal " + word + " (expecting " + quoteChar(word.charAt(i)) + ")");
            }
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void skipSpace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
            pos++;
        }
    }

    /** The byte at the position; the end of the input is "unexpected EOF". */
    private int peek() {
        if (pos >= in.length) {
            throw new SyntaxError("unexpected EOF");
        }
        return in[pos] & 0xff;
    }

    private SyntaxError invalid(String context) {
        return new SyntaxError(
                "invalid character " + quoteChar(in[pos] & 0xff) + " " + context + " at offset " + (pos + 1));
    }

    private static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        if (c >= 0x20 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        String q = GoJsonErrors.quote(String.valueOf((char) c));
        return "'" + q.substring(1, q.length() - 1) + "'";
    }

    private static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }
}
