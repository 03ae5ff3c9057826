package io.natsspring.broker.internal.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The server's name as the accounts report it (the {@code server} of a latency measurement's client details) and
 * {@code nats-server}'s 8-character hash of it, which marks tracked service replies ({@code _R_.….<hash>.T}). Set
 * once the server knows its name; empty before.
 */
public final class ServerIdentity {

    private static final char[] DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private volatile String name = "";
    private volatile String hash = hash("");

    /** Sets the server's name (its configured {@code server_name}, else its id). */
    public void name(String name) {
        this.name = name;
        this.hash = hash(name);
    }

    public String name() {
        return name;
    }

    /** {@code nats-server}'s {@code getHash(name)}: SHA-256, the first 8 bytes as base-62 digits. */
    public String hash() {
        return hash;
    }

    public static String hash(String name) {
        try {
            byte[] b = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            char[] c = new char[8];
            for (int i = 0; i < c.length; i++) {
                c[i] = DIGITS[(b[i] & 0xff) % DIGITS.length];
            }
            return new String(c);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
