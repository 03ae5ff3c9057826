package io.natsspring.broker.internal.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A decoded and signature-checked NATS JWT (v2): header {@code {"typ":"JWT","alg":"ed25519-nkey"}}, claims JSON and
 * the Ed25519 signature of {@code header.claims} by the issuer ({@code iss}, an operator or account NKey). The
 * NATS-specific claims are under {@link #nats()}. Times are Unix seconds; 0 means unset. Immutable.
 */
public final class Jwt {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode claims;
    private final String issuer;
    private final String subject;
    private final long issuedAt;
    private final long expires;
    private final long notBefore;

    private Jwt(JsonNode claims) {
        this.claims = claims;
        this.issuer = claims.path("iss").asString("");
        this.subject = claims.path("sub").asString("");
        this.issuedAt = claims.path("iat").asLong(0);
        this.expires = claims.path("exp").asLong(0);
        this.notBefore = claims.path("nbf").asLong(0);
    }

    /**
     * Decodes {@code text} and checks its signature by its issuer, which must be a public key of one of
     * {@code issuerTypes} ({@code 'O'} operator, {@code 'A'} account); the claim type must be {@code type}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Jwt decode(String text, String type, String issuerTypes) {
        Jwt decoded = decodeGeneric(text, issuerTypes);
        String claimType = decoded.nats().path("type").asString("");
        if (!type.equals(claimType)) {
            throw new IllegalArgumentException("expected a " + type + " JWT, found type '" + claimType + "'");
        }
        return decoded;
    }

    /**
     * As {@link #decode} without a claim type: a generic JWT (the operator-signed request of
     * {@code $SYS.REQ.CLAIMS.DELETE}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Jwt decodeGeneric(String text, String issuerTypes) {
        if (text == null) {
            throw new IllegalArgumentException("no JWT");
        }
        String jwt = text.strip();
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected 3 chunks in the JWT, found " + parts.length);
        }
        JsonNode header = json(parts[0], "header");
        if (!"JWT".equalsIgnoreCase(header.path("typ").asString(""))) {
            throw new IllegalArgumentException("not a JWT: typ " + header.path("typ"));
        }
        if (!"ed25519-nkey".equals(header.path("alg").asString(""))) {
            throw new IllegalArgumentException("unsupported JWT algorithm " + header.path("alg"));
        }
        Jwt decoded = new Jwt(json(parts[1], "claims"));
        String iss = decoded.issuer;
        if (iss.isEmpty()
                || issuerTypes.indexOf(iss.charAt(0)) < 0
                || !NKeyVerifier.isValidPublicKey(iss, iss.charAt(0))) {
            throw new IllegalArgumentException("JWT issuer is not a valid " + issuerTypes + " key: " + iss);
        }
        if (!NKeyVerifier.ofPublicKey(iss, iss.charAt(0)).verifies(parts[0] + "." + parts[1], parts[2])) {
            throw new IllegalArgumentException("JWT signature verification failed");
        }
        return decoded;
    }

    private static JsonNode json(String part, String what) {
        try {
            JsonNode n = JSON.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("JWT " + what + " is not a JSON object");
            }
            return n;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("JWT " + what + " can not be decoded: " + e.getMessage(), e);
        }
    }

    /**
     * The JWT in {@code text}: the text itself, or the first block between {@code -----BEGIN ... JWT-----} and
     * {@code ------END ... JWT------} of a decorated file (creds or {@code nsc} output).
     */
    public static String undecorate(String text) {
        String t = text.strip();
        int begin = t.indexOf("-----BEGIN");
        if (begin < 0) {
            return t;
        }
        int start = t.indexOf('\n', begin);
        int end = t.indexOf("------END", start);
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("decorated JWT without its END line");
        }
        return t.substring(start + 1, end).strip();
    }

    /** The whole claims object. */
    public JsonNode claims() {
        return claims;
    }

    /** The NATS-specific claims ({@code nats}). */
    public JsonNode nats() {
        return claims.path("nats");
    }

    public String issuer() {
        return issuer;
    }

    public String subject() {
        return subject;
    }

    public String name() {
        return claims.path("name").asString("");
    }

    public long issuedAt() {
        return issuedAt;
    }

    /** Expiry in Unix seconds; 0 for none. */
    public long expires() {
        return expires;
    }

    /** Start of validity in Unix seconds; 0 for none. */
    public long notBefore() {
        return notBefore;
    }

    /** As the jwt library: expired when {@code exp} is set and {@code now} is past it. */
    public boolean expiredAt(long nowSeconds) {
        return expires > 0 && nowSeconds > expires;
    }

    /** As the jwt library: not yet valid when {@code nbf} is set and {@code now} is before it. */
    public boolean notYetValidAt(long nowSeconds) {
        return notBefore > 0 && nowSeconds < notBefore;
    }

    /** The strings of an array claim (a single string counts as a one-element list); empty when absent. */
    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            for (JsonNode v : node) {
                out.add(v.asString());
            }
        } else {
            out.add(node.asString());
        }
        return out;
    }
}
