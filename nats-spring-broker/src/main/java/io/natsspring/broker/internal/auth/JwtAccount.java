package io.natsspring.broker.internal.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The claims of an account JWT that the broker applies: signing keys (with the template of a scoped key),
 * revocations, {@code default_permissions}, limits (-1 unlimited), JetStream limits, exports, imports and subject
 * mappings. Immutable.
 */
public final class JwtAccount {

    private final Jwt jwt;
    /** Signing key → the permission template of a scoped key, or {@code null} for a plain key. */
    private final Map<String, JwtUserScope> signingKeys;

    private final Map<String, Long> revocations;
    private final PermissionPatterns defaultPermissions;

    private JwtAccount(Jwt jwt) {
        this.jwt = jwt;
        JsonNode n = jwt.nats();
        Map<String, JwtUserScope> keys = new HashMap<>();
        for (JsonNode k : n.path("signing_keys")) {
            if (k.isObject()) {
                String key = k.path("key").asString("");
                keys.put(key, JwtUserScope.of(k.path("template")));
            } else {
                keys.put(k.asString(), null);
            }
        }
        this.signingKeys = keys;
        Map<String, Long> revoked = new HashMap<>();
        JsonNode r = n.path("revocations");
        for (String key : r.propertyNames()) {
            revoked.put(key, r.path(key).asLong(0));
        }
        this.revocations = Map.copyOf(revoked);
        this.defaultPermissions = JwtPermissions.of(n.path("default_permissions"));
    }

    /**
     * Decodes and verifies an account JWT (signed by an operator key).
     *
     * @throws IllegalArgumentException when it is malformed, not an account JWT or not signed by its issuer
     */
    public static JwtAccount decode(String text) {
        Jwt jwt = Jwt.decode(text, "account", "O");
        if (!NKeyVerifier.isValidPublicKey(jwt.subject(), 'A')) {
            throw new IllegalArgumentException("account JWT subject is not an account key: " + jwt.subject());
        }
        return new JwtAccount(jwt);
    }

    public Jwt jwt() {
        return jwt;
    }

    /** The account's public key, its name in this broker. */
    public String publicKey() {
        return jwt.subject();
    }

    /** True when {@code key} may sign users of this account: the account itself or one of its signing keys. */
    boolean hasIssuer(String key) {
        return key.equals(jwt.subject()) || signingKeys.containsKey(key);
    }

    /** The scope of a signing key, {@code null} for the account key or a plain signing key. */
    JwtUserScope scope(String key) {
        return signingKeys.get(key);
    }

    /** As nats-server: a user is revoked when its key or {@code *} was revoked at or after the JWT was issued. */
    boolean revoked(String userKey, long issuedAt) {
        Long t = revocations.get(userKey);
        if (t != null && t >= issuedAt) {
            return true;
        }
        Long all = revocations.get("*");
        return all != null && all >= issuedAt;
    }

    PermissionPatterns defaultPermissions() {
        return defaultPermissions;
    }

    /** An account limit from {@code limits} (-1 unlimited, also when absent). */
    public long limit(String name) {
        return JwtUser.limit(jwt.nats().path("limits"), name);
    }

    /** {@code disallow_bearer}: users of this account may not log in with a bearer user JWT. */
    public boolean disallowsBearer() {
        return jwt.nats().path("limits").path("disallow_bearer").asBoolean(false);
    }

    /**
     * The JetStream limit {@code name} ({@code mem_storage}, {@code disk_storage}, {@code streams}, {@code consumer})
     * that applies on a single server: with {@code tiered_limits} the {@code R1} tier's (0 when there is no R1 tier),
     * else the account's own; -1 unlimited.
     */
    public long jetStreamLimit(String name) {
        JsonNode l = jwt.nats().path("limits");
        JsonNode tiers = l.path("tiered_limits");
        if (tiers.isObject() && !tiers.isEmpty()) {
            JsonNode r1 = tiers.path("R1");
            return r1.isObject() ? JwtUser.limit(r1, name) : 0;
        }
        return JwtUser.limit(l, name);
    }

    /**
     * The blocking issues the jwt library's validation finds in the limits (as nats-server runs it when it loads an
     * account): more imports or exports than {@code imports}/{@code exports} allow (an absent limit is 0),
     * wildcard exports without {@code wildcards}, a blank tier name in {@code tiered_limits}, an activation token
     * that does not match its import.
     * Empty when the account is valid.
     */
    public List<String> validationIssues() {
        List<String> issues = new ArrayList<>();
        JsonNode n = jwt.nats();
        JsonNode l = n.path("limits");
        long imports = l.path("imports").asLong(0);
        long exports = l.path("exports").asLong(0);
        if (imports != -1 && n.path("imports").size() > imports) {
            issues.add("the account contains more imports than allowed by the operator");
        }
        if (exports != -1) {
            if (n.path("exports").size() > exports) {
                issues.add("the account contains more exports than allowed by the operator");
            }
            if (!l.path("wildcards").asBoolean(false)) {
                for (JsonNode e : n.path("exports")) {
                    String subject = e.path("subject").asString("");
                    if (subject.contains("*") || subject.contains(">")) {
                        issues.add("the account contains wildcard exports that are not allowed by the operator");
                    }
                }
            }
        }
        for (Export e : exports()) {
            if (e.latency() != null) {
                // as the jwt library's Export.Validate and ServiceLatency.Validate
                if (!e.service()) {
                    issues.add("latency tracking only permitted for services");
                }
                int sampling = e.latency().sampling();
                if (sampling != 0 && (sampling < 1 || sampling > 100)) {
                    issues.add("sampling percentage needs to be between 1-100");
                }
                String results = e.latency().results();
                if (results.isEmpty()) {
                    issues.add("subject cannot be empty");
                } else if (results.contains("*") || results.contains(">")) {
                    issues.add("results subject can not contain wildcards");
                }
            }
        }
        for (Import i : imports()) {
            String problem = JwtActivation.structuralProblem(i, jwt.subject());
            if (problem != null) {
                issues.add(problem);
            }
        }
        // decoding drops plain JetStream limits beside tiered ones (the jwt library), so only a blank tier is left
        if (l.path("tiered_limits").has("")) {
            issues.add("Tiered JetStream Limits can not contain a blank \"\" tier name");
        }
        return issues;
    }

    /**
     * The replica counts {@code tiered_limits} has a tier for ({@code R1} → 1; other tier names are not replica
     * tiers), {@code null} when the limits are not tiered.
     */
    public java.util.Set<Integer> jetStreamTiers() {
        JsonNode tiers = jwt.nats().path("limits").path("tiered_limits");
        if (!tiers.isObject() || tiers.isEmpty()) {
            return null;
        }
        java.util.Set<Integer> out = new java.util.HashSet<>();
        for (String name : tiers.propertyNames()) {
            if (name.matches("R[1-9][0-9]?")) {
                out.add(Integer.parseInt(name.substring(1)));
            }
        }
        return out;
    }

    /** True when the limits enable JetStream (memory or disk storage not 0), as nats-server decides. */
    public boolean jetStreamEnabled() {
        JsonNode l = jwt.nats().path("limits");
        JsonNode tiers = l.path("tiered_limits");
        if (tiers.isObject() && !tiers.isEmpty()) {
            for (JsonNode tier : tiers) {
                if (tier.path("mem_storage").asLong(0) != 0
                        || tier.path("disk_storage").asLong(0) != 0) {
                    return true;
                }
            }
            return false;
        }
        return l.path("mem_storage").asLong(0) != 0 || l.path("disk_storage").asLong(0) != 0;
    }

    /** The exports ({@code service}: true for a service; {@code tokenRequired}: private to activation tokens). */
    public List<Export> exports() {
        List<Export> out = new ArrayList<>();
        for (JsonNode e : jwt.nats().path("exports")) {
            Map<String, Long> revoked = new HashMap<>();
            JsonNode r = e.path("revocations");
            for (String key : r.propertyNames()) {
                revoked.put(key, r.path(key).asLong(0));
            }
            JsonNode lat = e.path("service_latency");
            Latency latency = null;
            if (lat.isObject()) {
                JsonNode sampling = lat.path("sampling");
                latency = new Latency(
                        sampling.isString() && "headers".equals(sampling.asString()) ? 0 : sampling.asInt(0),
                        lat.path("results").asString(""));
            }
            out.add(new Export(
                    "service".equals(e.path("type").asString("")),
                    e.path("subject").asString(""),
                    e.path("token_req").asBoolean(false),
                    e.path("response_type").asString("Singleton"),
                    Map.copyOf(revoked),
                    e.path("response_threshold").asLong(0),
                    latency,
                    e.path("allow_trace").asBoolean(false)));
        }
        return out;
    }

    /** The imports, each with the local subject it arrives on or is requested at. */
    public List<Import> imports() {
        List<Import> out = new ArrayList<>();
        for (JsonNode i : jwt.nats().path("imports")) {
            boolean service = "service".equals(i.path("type").asString(""));
            String subject = i.path("subject").asString("");
            String local = i.path("local_subject").asString("");
            String to = i.path("to").asString("");
            if (local.isEmpty() && !to.isEmpty()) {
                // the deprecated 'to': the local subject of a service, a prefix of a stream
                local = service ? to : to + "." + subject;
            }
            out.add(new Import(
                    service,
                    i.path("account").asString(""),
                    subject,
                    local.isEmpty() ? null : local,
                    i.path("token").asString("").isEmpty()
                            ? null
                            : i.path("token").asString(""),
                    i.path("share").asBoolean(false),
                    i.path("allow_trace").asBoolean(false)));
        }
        return out;
    }

    /**
     * The {@code trace} claim ({@code { dest, sampling }}) as {@code nats-server} applies it: {@code null} when
     * absent or when {@code dest} is not a valid publish subject; a sampling outside 1–100 means 100.
     */
    public Trace trace() {
        JsonNode t = jwt.nats().path("trace");
        if (!t.isObject()) {
            return null;
        }
        String dest = t.path("dest").asString("");
        if (!io.natsspring.broker.internal.routing.Subjects.isValidPublishSubject(dest)) {
            return null;
        }
        int sampling = t.path("sampling").asInt(0);
        return new Trace(dest, sampling <= 0 || sampling > 100 ? 100 : sampling);
    }

    /** The account's {@code trace} claim: where sampled {@code traceparent} messages' trace events go. */
    public record Trace(String dest, int sampling) {}

    /** Subject mappings: source → destinations with weights in percent. */
    public Map<String, List<Mapping>> mappings() {
        Map<String, List<Mapping>> out = new LinkedHashMap<>();
        JsonNode m = jwt.nats().path("mappings");
        for (String source : m.propertyNames()) {
            List<Mapping> dests = new ArrayList<>();
            JsonNode list = m.path(source);
            for (JsonNode d : list) {
                int w = d.path("weight").asInt(0);
                dests.add(new Mapping(d.path("subject").asString(""), w == 0 && list.size() == 1 ? 100 : w));
            }
            out.put(source, dests);
        }
        return out;
    }

    /**
     * An export of the account JWT; {@code revocations}: activation subject (importing account or {@code *}) →
     * tokens issued at or before this time are revoked.
     */
    public record Export(
            boolean service,
            String subject,
            boolean tokenRequired,
            String responseType,
            Map<String, Long> revocations,
            long responseThresholdNanos,
            Latency latency,
            boolean allowTrace) {

        /** An export without {@code allow_trace}. */
        public Export(
                boolean service,
                String subject,
                boolean tokenRequired,
                String responseType,
                Map<String, Long> revocations,
                long responseThresholdNanos,
                Latency latency) {
            this(service, subject, tokenRequired, responseType, revocations, responseThresholdNanos, latency, false);
        }

        /** As nats-server: an activation is revoked when its subject or {@code *} was revoked at or after issue. */
        boolean revoked(String subject, long issuedAt) {
            Long t = revocations.get(subject);
            if (t != null && t >= issuedAt) {
                return true;
            }
            Long all = revocations.get("*");
            return all != null && all >= issuedAt;
        }
    }

    /**
     * An import of the account JWT; {@code local} null means the exporter's subject; {@code token} the activation JWT
     * (null without).
     */
    public record Import(
            boolean service,
            String account,
            String subject,
            String local,
            String token,
            boolean share,
            boolean allowTrace) {

        /** An import without {@code allow_trace}. */
        public Import(boolean service, String account, String subject, String local, String token, boolean share) {
            this(service, account, subject, local, token, share, false);
        }

        /** Why this import's activation token does not authorize it now (null when it does). */
        public String activationProblem(JwtAccount exporter, Export export, long nowSeconds) {
            return JwtActivation.activationProblem(this, exporter, export, nowSeconds);
        }
    }

    /**
     * The {@code latency} of a service export claim: {@code sampling} percent (0: triggered by trace headers, the
     * claim's {@code "headers"}), the measurements published on {@code results} in the exporting account.
     */
    public record Latency(int sampling, String results) {}

    /** One destination of a subject mapping. */
    public record Mapping(String subject, int weight) {}
}
