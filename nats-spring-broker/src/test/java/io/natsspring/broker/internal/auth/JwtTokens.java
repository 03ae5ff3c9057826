package io.natsspring.broker.internal.auth;

import io.nats.client.NKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test helper issuing NATS v2 JWTs (operator, account, user) signed with jnats {@link NKey}s, and writing
 * {@code .creds} files as {@code nsc} does. Claims are built with {@link Claims}: top-level fields and
 * {@code nats} fields, then signed by the issuer key.
 */
public final class JwtTokens {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private JwtTokens() {}

    public static NKey operatorKey() throws Exception {
        return NKey.createOperator(RANDOM);
    }

    public static NKey accountKey() throws Exception {
        return NKey.createAccount(RANDOM);
    }

    public static NKey userKey() throws Exception {
        return NKey.createUser(RANDOM);
    }

    public static String pub(NKey key) {
        try {
            return new String(key.getPublicKey());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of {@code type} about {@code subject}, to be signed by {@code issuer}. */
    public static Claims claims(String type, String subject) {
        return new Claims(type, subject);
    }

    /** A self-signed operator JWT. */
    public static String operator(NKey operator) {
        return claims("operator", pub(operator)).sign(operator);
    }

    /** An account JWT with no limits besides these nats fields (signed by {@code signer}). */
    public static Claims account(NKey account) {
        return claims("account", pub(account)).nats("limits", JSON.readTree("""
                {"subs":-1,"data":-1,"payload":-1,"imports":-1,"exports":-1,"wildcards":true,"conn":-1,"leaf":-1}"""));
    }

    /** A user JWT's claims, as {@code nsc add user} makes them. */
    public static Claims user(NKey user) {
        return claims("user", pub(user)).nats("subs", -1).nats("data", -1).nats("payload", -1);
    }

    /** Writes a {@code .creds} file as {@code nsc generate creds} does. */
    public static Path creds(Path file, String jwt, NKey user) throws IOException {
        String text = "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
                + "************************* IMPORTANT *************************\n"
                + "NKEY Seed printed below can be used to sign and prove identity.\n"
                + "NKEYs are sensitive and should be treated as secrets.\n\n"
                + "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed())
                + "\n------END USER NKEY SEED------\n\n"
                + "*************************************************************\n";
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    /** The signature of {@code nonce} by {@code key}, base64url without padding as clients send it. */
    public static String signNonce(NKey key, String nonce) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(key.sign(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mutable JWT claims. */
    public static final class Claims {
        private final ObjectNode top = JSON.createObjectNode();
        private final ObjectNode nats = JSON.createObjectNode();

        Claims(String type, String subject) {
            top.put("jti", UUID.randomUUID().toString().replace("-", "").toUpperCase());
            top.put("iat", Instant.now().getEpochSecond());
            top.put("name", type + "-" + subject.substring(0, 6));
            top.put("sub", subject);
            nats.put("type", type);
            nats.put("version", 2);
        }

        /** A top-level claim ({@code exp}, {@code nbf}, {@code iat}, {@code name}…). */
        public Claims top(String key, Object value) {
            top.set(key, JSON.valueToTree(value));
            return this;
        }

        /** A claim under {@code nats}; a String holding JSON ({@code {...}} or {@code [...]}) is parsed. */
        public Claims nats(String key, Object value) {
            if (value instanceof String s && (s.startsWith("{") || s.startsWith("["))) {
                nats.set(key, JSON.readTree(s));
            } else {
                nats.set(key, JSON.valueToTree(value));
            }
            return this;
        }

        /** The signed JWT, issued by {@code issuer}. */
        public String sign(NKey issuer) {
            top.put("iss", pub(issuer));
            ObjectNode claims = top.deepCopy();
            claims.set("nats", nats);
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String header =
                    b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}".getBytes(StandardCharsets.UTF_8));
            String body = b64.encodeToString(JSON.writeValueAsBytes(claims));
            try {
                byte[] sig = issuer.sign((header + "." + body).getBytes(StandardCharsets.US_ASCII));
                return header + "." + body + "." + b64.encodeToString(sig);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
