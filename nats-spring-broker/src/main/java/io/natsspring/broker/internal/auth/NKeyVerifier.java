package io.natsspring.broker.internal.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Public user NKeys ({@code U…}) as {@code nats-server} takes them: the text form is decoded here (base32 without
 * padding of a prefix byte, the 32-byte Ed25519 key and a little-endian CRC-16/XMODEM), the signature is checked
 * by the JDK's {@code Ed25519} {@link Signature}. Immutable and thread-safe.
 */
public final class NKeyVerifier {

    /** The prefix byte of a user's public key: 20 << 3, which base32-encodes to a leading 'U'. */
    private static final int USER_PREFIX = 20 << 3;

    private static final int RAW_KEY_LENGTH = 32;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /** DER header of an X.509 SubjectPublicKeyInfo holding a 32-byte Ed25519 key (RFC 8410). */
    private static final byte[] X509_ED25519_HEADER = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private final String publicKey;
    private final PublicKey key;

    private NKeyVerifier(String publicKey, PublicKey key) {
        this.publicKey = publicKey;
        this.key = key;
    }

    /**
     * The verifier of a public user NKey.
     *
     * @throws IllegalArgumentException when {@code publicKey} is not a valid public user NKey
     */
    public static NKeyVerifier ofUserKey(String publicKey) {
        byte[] raw = decodeUserKey(publicKey);
        if (raw == null) {
            throw new IllegalArgumentException("not a valid public nkey for a user: \"" + publicKey + "\"");
        }
        try {
            byte[] der = new byte[X509_ED25519_HEADER.length + RAW_KEY_LENGTH];
            System.arraycopy(X509_ED25519_HEADER, 0, der, 0, X509_ED25519_HEADER.length);
            System.arraycopy(raw, 0, der, X509_ED25519_HEADER.length, RAW_KEY_LENGTH);
            return new NKeyVerifier(
                    publicKey, KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid public nkey for a user: \"" + publicKey + "\"", e);
        }
    }

    /**
     * The verifier of a public NKey of the given type: {@code 'O'} operator, {@code 'A'} account, {@code 'U'} user.
     *
     * @throws IllegalArgumentException when {@code publicKey} is not a valid public key of that type
     */
    public static NKeyVerifier ofPublicKey(String publicKey, char type) {
        byte[] raw = decodeKey(publicKey, prefixOf(type));
        if (raw == null) {
            throw new IllegalArgumentException("not a valid public nkey of type " + type + ": \"" + publicKey + "\"");
        }
        try {
            byte[] der = new byte[X509_ED25519_HEADER.length + RAW_KEY_LENGTH];
            System.arraycopy(X509_ED25519_HEADER, 0, der, 0, X509_ED25519_HEADER.length);
            System.arraycopy(raw, 0, der, X509_ED25519_HEADER.length, RAW_KEY_LENGTH);
            return new NKeyVerifier(
                    publicKey, KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid public nkey: \"" + publicKey + "\"", e);
        }
    }

    /** True when {@code text} is a well-formed public NKey of the type ({@code 'O'}, {@code 'A'} or {@code 'U'}). */
    public static boolean isValidPublicKey(String text, char type) {
        return decodeKey(text, prefixOf(type)) != null;
    }

    private static int prefixOf(char type) {
        return switch (type) {
            case 'O' -> 14 << 3;
            case 'A' -> 0;
            case 'U' -> USER_PREFIX;
            default -> throw new IllegalArgumentException("unknown nkey type " + type);
        };
    }

    /** True when {@code text} is a well-formed public user NKey (as nats' {@code IsValidPublicUserKey}). */
    public static boolean isValidUserKey(String text) {
        return decodeUserKey(text) != null;
    }

    /** The key as configured. */
    public String publicKey() {
        return publicKey;
    }

    /**
     * True when {@code signature} (base64url without padding, or standard base64, as nats-server accepts) is
     * this key's Ed25519 signature of {@code nonce}'s bytes; false for anything malformed.
     */
    public boolean verifies(String nonce, String signature) {
        if (nonce == null || signature == null || signature.isEmpty()) {
            return false;
        }
        byte[] sig = decodeSignature(signature);
        if (sig == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(nonce.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return verifier.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] decodeSignature(String signature) {
        try {
            return Base64.getUrlDecoder().decode(stripPadding(signature));
        } catch (IllegalArgumentException notUrl) {
            try {
                return Base64.getDecoder().decode(signature);
            } catch (IllegalArgumentException notStd) {
                return null;
            }
        }
    }

    private static String stripPadding(String s) {
        if (s.indexOf('=') >= 0) {
            // Go's RawURLEncoding refuses padding: fall back to the standard alphabet as nats-server does
            throw new IllegalArgumentException("padded");
        }
        return s;
    }

    /** The 32 raw key bytes, or null when the text is not a public user key. */
    private static byte[] decodeUserKey(String text) {
        return decodeKey(text, USER_PREFIX);
    }

    /** The 32 raw key bytes, or null when the text is not a public key with this prefix byte. */
    private static byte[] decodeKey(String text, int prefix) {
        if (text == null) {
            return null;
        }
        byte[] decoded = base32Decode(text);
        if (decoded == null || decoded.length != 1 + RAW_KEY_LENGTH + 2) {
            return null;
        }
        int payload = decoded.length - 2;
        int expected = (decoded[payload] & 0xff) | (decoded[payload + 1] & 0xff) << 8;
        if (crc16(decoded, payload) != expected || (decoded[0] & 0xff) != prefix) {
            return null;
        }
        byte[] raw = new byte[RAW_KEY_LENGTH];
        System.arraycopy(decoded, 1, raw, 0, RAW_KEY_LENGTH);
        return raw;
    }

    /** RFC 4648 base32 without padding; null for characters outside the alphabet or an impossible length. */
    static byte[] base32Decode(String text) {
        int tail = text.length() % 8;
        if (tail == 1 || tail == 3 || tail == 6) {
            return null;
        }
        int bits = 0;
        int buffer = 0;
        byte[] out = new byte[text.length() * 5 / 8];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = BASE32.indexOf(text.charAt(i));
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        return n == out.length ? out : null;
    }

    /** CRC-16/XMODEM (polynomial 0x1021, initial value 0), the checksum NKeys carry. */
    static int crc16(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= (data[i] & 0xff) << 8;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }
}
