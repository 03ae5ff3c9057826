package io.natsspring.broker.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Compares a presented password or token with a configured one (plain, or a bcrypt hash) as nats-server does. */
public final class Secrets {

    private Secrets() {}

    /** True when {@code presented} ({@code null} counts as empty) matches {@code configured}. */
    public static boolean matches(String configured, String presented) {
        String candidate = presented == null ? "" : presented;
        if (BcryptSecret.isBcrypt(configured)) {
            return BcryptSecret.matches(configured, candidate);
        }
        return MessageDigest.isEqual(
                candidate.getBytes(StandardCharsets.UTF_8), configured.getBytes(StandardCharsets.UTF_8));
    }
}
