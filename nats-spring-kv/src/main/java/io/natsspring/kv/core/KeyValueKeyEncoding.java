package io.natsspring.kv.core;

import java.nio.charset.StandardCharsets;

/**
 * An injective escape of any text into a valid Key-Value key, so two different texts never share a key: characters
 * outside {@code A-Z a-z 0-9 - _ /} and {@code =} itself become {@code =XX} per UTF-8 byte (upper-case hex); a dot
 * stays a dot unless it would make an empty token (leading, trailing or doubled), then it is {@code =2E}; the empty
 * text is {@code =}. A valid key without {@code =} is its own encoding.
 */
public final class KeyValueKeyEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private KeyValueKeyEncoding() {}

    /** The key {@code text} is stored under. */
    public static String encode(String text) {
        if (text.isEmpty()) {
            return "=";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        int length = text.length();
        for (int i = 0; i < length; ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == '.') {
                boolean emptyBefore = i == 0 || text.charAt(i - 1) == '.';
                boolean emptyAfter = next == length || text.charAt(next) == '.';
                out.append(emptyBefore || emptyAfter ? "=2E" : ".");
            } else if (plain(cp)) {
                out.append((char) cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('=').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            }
            i = next;
        }
        return out.toString();
    }

    private static boolean plain(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '/';
    }
}
