package io.natsspring.broker.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The bcrypt password hash in its modular crypt form {@code $2a$NN$<22 salt chars><31 hash chars>}.
 *
 * <p>Versions {@code 2a}, {@code 2b}, {@code 2x} and {@code 2y} are accepted and computed identically, like
 * {@code nats-server} (Go's bcrypt) does: the password's UTF-8 bytes plus a terminating zero byte, of which
 * only the first 72 bytes count. Costs range from 4 to 31.
 */
public final class BCrypt {

    /** Smallest accepted cost (log2 of the number of key expansion rounds). */
    public static final int MIN_COST = 4;
    /** Largest accepted cost. */
    public static final int MAX_COST = 31;

    private static final int HASH_LENGTH = 60;
    private static final int SETTING_LENGTH = 7;
    private static final int SALT_BYTES = 16;
    private static final int SALT_CHARS = 22;
    private static final int DIGEST_BYTES = 23;
    private static final int MAX_KEY_BYTES = 72;
    private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final byte[] MAGIC = "OrpheanBeholderScryDoubt".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ALPHABET_VALUES = new byte[128];
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        Arrays.fill(ALPHABET_VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            ALPHABET_VALUES[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private BCrypt() {
    }

    /** True when {@code s} is a well-formed bcrypt hash: known version, cost 04..31, 53 alphabet characters. */
    public static boolean isHash(String s) {
        if (s == null || s.length() != HASH_LENGTH || !s.startsWith("$2") || s.charAt(3) != '$'
                || s.charAt(6) != '$' || "abxy".indexOf(s.charAt(2)) < 0) {
            return false;
        }
        char tens = s.charAt(4);
        char units = s.charAt(5);
        if (tens < '0' || tens > '9' || units < '0' || units > '9') {
            return false;
        }
        int cost = (tens - '0') * 10 + (units - '0');
        if (cost < MIN_COST || cost > MAX_COST) {
            return false;
        }
        for (int i = SETTING_LENGTH; i < HASH_LENGTH; i++) {
            char c = s.charAt(i);
            if (c >= 128 || ALPHABET_VALUES[c] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code plaintext} hashes to {@code hash}. Returns false, never throws, for a null argument or
     * a malformed hash. The computed and stored digests are compared in constant time.
     */
    public static boolean verify(String plaintext, String hash) {
        if (plaintext == null || !isHash(hash)) {
            return false;
        }
        int cost = Integer.parseInt(hash, 4, 6, 10);
        byte[] salt = decode(hash, SETTING_LENGTH, SALT_CHARS, SALT_BYTES);
        String computed = encode(digest(plaintext, salt, cost));
        byte[] expected = hash.substring(SETTING_LENGTH + SALT_CHARS).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), expected);
    }

    /** Hashes {@code plaintext} with a fresh random salt, in {@code $2a$} format. */
    public static String hash(String plaintext, int cost) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return hash(plaintext, cost, salt);
    }

    static String hash(String plaintext, int cost, byte[] salt) {
        if (plaintext == null) {
            throw new NullPointerException("plaintext");
        }
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost must be between " + MIN_COST + " and " + MAX_COST
                    + ", was " + cost);
        }
        if (salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("bcrypt salt must be " + SALT_BYTES + " bytes");
        }
        return "$2a$" + (cost < 10 ? "0" : "") + cost + "$" + encode(salt) + encode(digest(plaintext, salt, cost));
    }

    /** Hashes with the salt and cost of an existing hash setting such as {@code $2a$06$<22 chars>}. */
    static String hashWithSetting(String plaintext, String setting) {
        String probe = setting + ".".repeat(HASH_LENGTH - setting.length());
        if (setting.length() != SETTING_LENGTH + SALT_CHARS || !isHash(probe)) {
            throw new IllegalArgumentException("malformed bcrypt setting: " + setting);
        }
        byte[] salt = decode(setting, SETTING_LENGTH, SALT_CHARS, SALT_BYTES);
        return setting + encode(digest(plaintext, salt, Integer.parseInt(setting, 4, 6, 10)));
    }

    private static byte[] digest(String plaintext, byte[] salt, int cost) {
        byte[] key = key(plaintext);
        EksBlowfish cipher = new EksBlowfish();
        cipher.expandKey(key, salt);
        long rounds = 1L << cost;
        for (long i = 0; i < rounds; i++) {
            cipher.expandKey(key);
            cipher.expandKey(salt);
        }
        int[] text = new int[MAGIC.length / 4];
        for (int i = 0; i < text.length; i++) {
            text[i] = (MAGIC[4 * i] & 0xff) << 24 | (MAGIC[4 * i + 1] & 0xff) << 16
                    | (MAGIC[4 * i + 2] & 0xff) << 8 | (MAGIC[4 * i + 3] & 0xff);
        }
        for (int i = 0; i < 64; i++) {
            for (int block = 0; block < text.length; block += 2) {
                cipher.encrypt(text, block);
            }
        }
        byte[] out = new byte[DIGEST_BYTES];
        for (int i = 0; i < DIGEST_BYTES; i++) {
            out[i] = (byte) (text[i / 4] >>> (24 - 8 * (i % 4)));
        }
        Arrays.fill(key, (byte) 0);
        return out;
    }

    /** UTF-8 bytes with a terminating zero, cut to 72 bytes. */
    private static byte[] key(String plaintext) {
        byte[] utf8 = plaintext.getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(utf8, Math.min(utf8.length + 1, MAX_KEY_BYTES));
        Arrays.fill(utf8, (byte) 0);
        return key;
    }

    /** bcrypt's base64: its own alphabet, most significant bits first, no padding. */
    private static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 5) / 6);
        int bits = 0;
        int pending = 0;
        for (byte b : data) {
            bits = bits << 8 | b & 0xff;
            pending += 8;
            while (pending >= 6) {
                pending -= 6;
                out.append(ALPHABET.charAt(bits >>> pending & 0x3f));
            }
        }
        if (pending > 0) {
            out.append(ALPHABET.charAt(bits << (6 - pending) & 0x3f));
        }
        return out.toString();
    }

    /** Decodes {@code chars} characters at {@code offset} into {@code length} bytes; surplus bits are ignored. */
    private static byte[] decode(String s, int offset, int chars, int length) {
        byte[] out = new byte[length];
        int bits = 0;
        int pending = 0;
        int written = 0;
        for (int i = offset; i < offset + chars && written < length; i++) {
            bits = bits << 6 | ALPHABET_VALUES[s.charAt(i)];
            pending += 6;
            if (pending >= 8) {
                pending -= 8;
                out[written++] = (byte) (bits >>> pending);
            }
        }
        return out;
    }
}
