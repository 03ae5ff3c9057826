package io.natsspring.kv.cache;

import io.natsspring.kv.core.KeyValueKeyEncoding;
import io.natsspring.kv.core.KeyValueKeys;

/**
 * Maps a cache key to a Key-Value key. The key object becomes text with {@code toString()} (a {@code String} as is,
 * Spring's {@code SimpleKey} as {@code SimpleKey [a, b]}); a class that does not override {@code toString()} is
 * refused, since its identity hash would differ between instances. The text then becomes a KV key in one of two
 * modes:
 *
 * <ul>
 *   <li>{@link Mode#ENCODE} (default): an injective escape, so two different texts never share a KV key. Characters
 *       outside {@code A-Z a-z 0-9 - _ /} and {@code =} itself are written {@code =XX} per UTF-8 byte (upper-case
 *       hex); a dot stays a dot unless it would make an empty token (leading, trailing or doubled), then it is
 *       {@code =2E}; the empty text is {@code =}. A valid KV key without {@code =} maps to itself.
 *   <li>{@link Mode#REJECT}: the text must already be a valid KV key ({@link KeyValueKeys#isValidKey}); otherwise an
 *       {@link IllegalArgumentException} naming the cache and the key.
 * </ul>
 */
public final class CacheKeyMapper {

    /** How a text that is not a valid KV key is handled. */
    public enum Mode {
        /** Escape it (injective, see the class description). */
        ENCODE,
        /** Refuse it with an {@link IllegalArgumentException}. */
        REJECT
    }

    private final Mode mode;

    /** A mapper in {@code mode}. */
    public CacheKeyMapper(Mode mode) {
        this.mode = mode;
    }

    /** The mode. */
    public Mode getMode() {
        return mode;
    }

    /** The KV key of {@code key} in the cache {@code cacheName}. */
    public String toKvKey(String cacheName, Object key) {
        String text = text(cacheName, key);
        if (mode == Mode.REJECT) {
            if (!KeyValueKeys.isValidKey(text)) {
                throw new IllegalArgumentException("Cache '" + cacheName + "': key '" + text
                        + "' is not a valid Key-Value key (dot-separated tokens of A-Z a-z 0-9 - _ / =, no wildcards,"
                        + " no empty token); use the ENCODE key mode or another key");
            }
            return text;
        }
        return encode(text);
    }

    /** The injective escape of {@code text} described on the class ({@link KeyValueKeyEncoding#encode}). */
    public static String encode(String text) {
        return KeyValueKeyEncoding.encode(text);
    }

    private static String text(String cacheName, Object key) {
        if (key instanceof CharSequence chars) {
            return chars.toString();
        }
        try {
            if (key.getClass().getMethod("toString").getDeclaringClass() == Object.class) {
                throw new IllegalArgumentException(
                        "Cache '" + cacheName + "': key of " + key.getClass().getName()
                                + " has no toString() of its own, so it has no stable Key-Value key; override toString() or"
                                + " use a key expression");
            }
        } catch (NoSuchMethodException ex) {
            throw new IllegalStateException(ex);
        }
        return key.toString();
    }
}
