package io.natsspring.broker.internal.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A user NKey seed ({@code SU…}) that signs a server's nonce, for connections this server opens (a leaf-node link
 * authenticating with {@code nkey} or a {@code .creds} file). Ed25519 is BouncyCastle's; this class only decodes the
 * NKey text (base32, CRC-16) and encodes the public key.
 */
public final class NKeySeed {

    private static final int SEED_PREFIX = 18 << 3;
    private static final int USER_PREFIX = 20 << 3;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /** The blocks of a creds file: the JWT first, the seed second (as nats-server's {@code credsRe}). */
    private static final Pattern CREDS_BLOCK =
            Pattern.compile("\\s*(?:-{3,}[^\\n]*-{3,}\\r?\\n)([\\w\\-.=]+)(?:\\r?\\n-{3,}[^\\n]*-{3,}\\r?\\n?)");

    private final Ed25519PrivateKeyParameters key;

    private NKeySeed(byte[] raw) {
        this.key = new Ed25519PrivateKeyParameters(raw, 0);
        Arrays.fill(raw, (byte) 0);
    }

    /**
     * The seed of a user.
     *
     * @throws IllegalArgumentException when {@code text} is not a valid user seed (the message does not repeat it)
     */
    public static NKeySeed ofUser(String text) {
        byte[] decoded = text == null ? null : NKeyVerifier.base32Decode(text.strip());
        if (decoded == null || decoded.length != 2 + 32 + 2) {
            throw new IllegalArgumentException("not a valid user nkey seed");
        }
        int payload = decoded.length - 2;
        int expected = (decoded[payload] & 0xff) | (decoded[payload + 1] & 0xff) << 8;
        int b0 = decoded[0] & 0xff;
        int b1 = decoded[1] & 0xff;
        int prefix = b0 & 0xf8;
        int type = ((b0 & 7) << 5) | ((b1 & 0xf8) >> 3);
        if (NKeyVerifier.crc16(decoded, payload) != expected || prefix != SEED_PREFIX || type != USER_PREFIX) {
            Arrays.fill(decoded, (byte) 0);
            throw new IllegalArgumentException("not a valid user nkey seed");
        }
        byte[] raw = Arrays.copyOfRange(decoded, 2, 34);
        Arrays.fill(decoded, (byte) 0);
        return new NKeySeed(raw);
    }

    /** Whether {@code text} is a valid user seed. */
    public static boolean isValidUserSeed(String text) {
        try {
            ofUser(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The public user key ({@code U…}). */
    public String publicKey() {
        byte[] pub = key.generatePublicKey().getEncoded();
        byte[] raw = new byte[1 + pub.length + 2];
        raw[0] = (byte) USER_PREFIX;
        System.arraycopy(pub, 0, raw, 1, pub.length);
        int crc = NKeyVerifier.crc16(raw, 1 + pub.length);
        raw[raw.length - 2] = (byte) crc;
        raw[raw.length - 1] = (byte) (crc >> 8);
        return base32(raw);
    }

    /** The signature of {@code nonce}'s bytes, base64url without padding (as nats clients send {@code sig}). */
    public String sign(String nonce) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] data = nonce.getBytes(StandardCharsets.US_ASCII);
        signer.update(data, 0, data.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.generateSignature());
    }

    /** A user JWT and its seed from a {@code .creds} file. */
    public record Creds(String jwt, NKeySeed seed) {}

    /**
     * Reads a {@code .creds} file: the first decorated block is the user JWT, the second the seed.
     *
     * @throws IllegalArgumentException when the file can not be read or is malformed (the seed is not repeated)
     */
    public static Creds readCreds(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("can not read credentials file " + file + ": " + e.getMessage(), e);
        }
        Matcher m = CREDS_BLOCK.matcher(text);
        String jwt = m.find() ? m.group(1) : null;
        String seed = jwt != null && m.find() ? m.group(1) : null;
        if (jwt == null || seed == null) {
            throw new IllegalArgumentException("Credentials file malformed: " + file);
        }
        try {
            return new Creds(jwt, ofUser(seed));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Credentials file has malformed seed: " + file, e);
        }
    }

    private static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(BASE32.charAt((buffer >> bits) & 31));
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
