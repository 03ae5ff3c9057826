package io.natsspring.broker.internal.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Configured passwords and tokens that are bcrypt hashes, checked as {@code nats-server} checks them: a secret
 * matching {@code ^\$2[abxy]\$\d{2}\$} is a hash (even when malformed: then nothing matches it), and a presented
 * secret matches when Go's {@code bcrypt.CompareHashAndPassword} would accept it. The hashing itself is the
 * {@code at.favre.lib:bcrypt} library's. Thread-safe.
 */
final class BcryptSecret {

    /** nats-server's {@code validBcryptPrefix}. */
    private static final Pattern PREFIX = Pattern.compile("^\\$2[abxy]\\$\\d{2}\\$.*", Pattern.DOTALL);

    private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int HASH_LENGTH = 60;
    private static final int SETTING_LENGTH = 7;
    private static final int MIN_COST = 4;
    private static final int MAX_COST = 31;
    /**
     * Go does not refuse long passwords when comparing: only the first 72 bytes of the password and its
     * terminating zero take part in the key schedule. Passing them through unchanged does the same.
     */
    private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(null, LongPasswordStrategies.none());

    private BcryptSecret() {}

    /** True when nats-server would treat {@code configured} as a bcrypt hash rather than a plain secret. */
    static boolean isBcrypt(String configured) {
        return configured != null
                && configured.startsWith("$")
                && PREFIX.matcher(configured).matches();
    }

    /**
     * True when {@code presented} (null counts as empty) matches the bcrypt {@code hash}; false, never an
     * exception, for a malformed hash. Characters after the 60th are ignored, as Go does. Versions {@code 2a},
     * {@code 2b}, {@code 2x} and {@code 2y} are computed alike, as Go does (no emulation of the old {@code 2x}
     * sign-extension bug); costs range from 4 to 31. Only the first 72 bytes of the password count.
     */
    static boolean matches(String hash, String presented) {
        if (!isBcrypt(hash) || hash.length() < HASH_LENGTH) {
            return false;
        }
        // Go reads the 22 salt and 31 digest characters after the setting and ignores anything beyond them
        String setting = hash.substring(0, HASH_LENGTH);
        if (!wellFormed(setting)) {
            return false;
        }
        byte[] password = (presented == null ? "" : presented).getBytes(StandardCharsets.UTF_8);
        try {
            return VERIFYER.verify(password, setting.getBytes(StandardCharsets.US_ASCII)).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The checks Go makes that the library does not: 60 characters from the bcrypt alphabet, a cost
     * between 4 and 31, and a canonical last character (Go compares the digest as text, so unused low bits set
     * in it never match, while the library compares decoded bytes).
     */
    private static boolean wellFormed(String hash) {
        int cost = (hash.charAt(4) - '0') * 10 + (hash.charAt(5) - '0');
        if (cost < MIN_COST || cost > MAX_COST) {
            return false;
        }
        for (int i = SETTING_LENGTH; i < HASH_LENGTH; i++) {
            if (ALPHABET.indexOf(hash.charAt(i)) < 0) {
                return false;
            }
        }
        // 23 digest bytes in 31 characters: the last character carries 4 bits, its 2 low bits are unused
        return (ALPHABET.indexOf(hash.charAt(HASH_LENGTH - 1)) & 0b11) == 0;
    }
}
