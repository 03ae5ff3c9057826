package io.natsspring.broker.internal.jetstream.base;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A stream's identity (ADR-60, {@code nats-server} 2.15, API level 5): eight characters derived from the SHA-256 of
 * its creation time as the API prints it, so a stream deleted and created again under the same name has another
 * one. Sent as {@code Nats-Stream-Identity} on the answer to a consumer create with {@code direct} or {@code
 * sourcing}; a create carrying the header with another value is refused (10225), which is how a source learns that
 * its origin was re-created.
 */
public final class StreamIdentity {

    /** The header carrying the identity, both ways. */
    public static final String HEADER = "Nats-Stream-Identity";

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int LENGTH = 8;

    private StreamIdentity() {}

    /** The identity of a stream created at {@code createdNanos} (epoch nanoseconds). */
    public static String of(long createdNanos) {
        byte[] sum;
        try {
            sum = MessageDigest.getInstance("SHA-256")
                    .digest(ApiTime.format(createdNanos).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            b.append(DIGITS.charAt((sum[i] & 0xff) % DIGITS.length()));
        }
        return b.toString();
    }
}
