package io.natsspring.kv.core;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The key rules of nats-server and jnats: a key is one or more dot-separated tokens of {@code A-Z a-z 0-9 - _ / =}
 * (no empty token, so no leading, trailing or double dot); a key pattern may also use {@code *} for one token and
 * {@code >} as the last token.
 */
public final class KeyValueKeys {

    private static final Pattern TOKEN = Pattern.compile("[-/_=a-zA-Z0-9]+");

    private KeyValueKeys() {}

    /** Whether {@code key} is a valid key (no wildcards). */
    public static boolean isValidKey(@Nullable String key) {
        return valid(key, false);
    }

    /** Whether {@code pattern} is a valid key or key pattern ({@code *}, {@code >} allowed). */
    public static boolean isValidPattern(@Nullable String pattern) {
        return valid(pattern, true);
    }

    static String requireKey(String bucket, @Nullable String key) {
        if (!isValidKey(key)) {
            throw new IllegalArgumentException(describe("key", key, bucket)
                    + ": a key is dot-separated tokens of A-Z a-z 0-9 - _ / = (no wildcards, no empty token)");
        }
        return key;
    }

    static String requirePattern(String bucket, @Nullable String pattern) {
        if (!isValidPattern(pattern)) {
            throw new IllegalArgumentException(describe("key pattern", pattern, bucket)
                    + ": dot-separated tokens of A-Z a-z 0-9 - _ / =, '*' for a token, '>' as the last token");
        }
        return pattern;
    }

    private static String describe(String what, @Nullable String value, String bucket) {
        return "Invalid " + what + " " + (value == null ? "null" : "'" + value + "'") + " for bucket '" + bucket + "'";
    }

    private static boolean valid(@Nullable String key, boolean wildcards) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        String[] tokens = key.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            boolean ok = TOKEN.matcher(token).matches()
                    || (wildcards && token.equals("*"))
                    || (wildcards && token.equals(">") && i == tokens.length - 1);
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
