package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.auth.Jwt;
import io.natsspring.broker.internal.auth.JwtAccount;
import io.natsspring.broker.internal.auth.JwtDirectory;
import io.natsspring.broker.internal.auth.NKeyVerifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claims requests of a directory account resolver, as {@code nats-server}'s {@code DirAccResolver} (full) and
 * {@code CacheDirAccResolver} (cache) answer them in the system account: account JWT pushes on
 * {@code $SYS.REQ.CLAIMS.UPDATE}, {@code $SYS.REQ.ACCOUNT.<key>.CLAIMS.UPDATE} and the older
 * {@code $SYS.ACCOUNT.<key>.CLAIMS.UPDATE} (decoded, validated, stored, then applied to the running account before
 * the answer goes out), {@code $SYS.REQ.ACCOUNT.<key>.CLAIMS.LOOKUP} (full: the stored JWT, an empty message when
 * there is none), {@code $SYS.REQ.CLAIMS.PACK} (full: every JWT, one message each, unless the requester's hash is ours),
 * {@code $SYS.REQ.CLAIMS.LIST} and {@code $SYS.REQ.CLAIMS.DELETE} (an operator-signed request
 * listing account keys; refused unless deletes are allowed). Answers carry nats-server's JSON and texts.
 */
public final class ClaimsRequests {

    private static final System.Logger LOG = System.getLogger(ClaimsRequests.class.getName());

    /** What the requests change: called on the system thread, before the answer is sent. */
    public interface Changes {

        /** The JWT of {@code account} was stored (created or changed): apply it to the running account. */
        void updated(String account);

        /** The JWT of {@code account} was deleted: disable the account. */
        void deleted(String account);

        /** Whether {@code account} is in use (a cache only updates the accounts it holds). */
        boolean loaded(String account);
    }

    private final JwtDirectory store;
    private final boolean cache;
    private final boolean allowDelete;
    private final String operator;
    private final Set<String> operatorKeys;
    private final boolean strict;
    private final String systemAccount;
    private final Changes changes;

    /**
     * @param store         the directory holding the account JWTs
     * @param cache         a cache resolver (else full)
     * @param allowDelete   {@code allow_delete}
     * @param operator      the first trusted operator's public key
     * @param operatorKeys  the keys that may sign accounts and delete requests (the operator, unless strict, and
     *                      its signing keys)
     * @param strict        the operator's {@code strict_signing_key_usage}
     * @param systemAccount the system account's key, which can not be deleted
     */
    public ClaimsRequests(
            JwtDirectory store,
            boolean cache,
            boolean allowDelete,
            String operator,
            Set<String> operatorKeys,
            boolean strict,
            String systemAccount,
            Changes changes) {
        this.store = store;
        this.cache = cache;
        this.allowDelete = allowDelete;
        this.operator = operator;
        this.operatorKeys = Set.copyOf(operatorKeys);
        this.strict = strict;
        this.systemAccount = systemAccount;
        this.changes = changes;
    }

    /** Registers the handlers in the system account. */
    public void registerAll(SystemRequests requests) {
        requests.register("$SYS.REQ.ACCOUNT.*.CLAIMS.UPDATE", r -> updateOf(r, r.token(3)));
        requests.register("$SYS.ACCOUNT.*.CLAIMS.UPDATE", r -> updateOf(r, r.token(2)));
        requests.register("$SYS.REQ.CLAIMS.UPDATE", this::update);
        if (!cache) {
            requests.register("$SYS.REQ.ACCOUNT.*.CLAIMS.LOOKUP", this::lookup);
            requests.register("$SYS.REQ.CLAIMS.PACK", this::pack);
        }
        requests.register("$SYS.REQ.CLAIMS.LIST", r -> list());
        requests.register("$SYS.REQ.CLAIMS.DELETE", this::delete);
    }

    private String prefix(String s) {
        return cache ? s.replace("jwt update", "jwt update cache") : s;
    }

    /** {@code $SYS.REQ.ACCOUNT.<key>.CLAIMS.UPDATE}: the JWT must be the account's named in the subject. */
    private Object updateOf(SystemRequest r, String key) {
        String text = r.bodyText();
        JwtAccount claim;
        try {
            claim = JwtAccount.decode(text);
        } catch (IllegalArgumentException e) {
            return failed(cache ? key : "n/a", prefix("jwt update resulted in error"), e.getMessage());
        }
        if (cache) {
            if (!claim.publicKey().equals(key)) {
                return failed(key, "jwt update cache resulted in error", "subject does not match jwt content");
            }
            if (strict && claim.jwt().issuer().equals(operator)) {
                return failed(
                        key, "jwt update cache resulted in error", "operator requires issuer to be a signing key");
            }
            if (!changes.loaded(key)) {
                return done(key, "jwt update cache skipped");
            }
            String invalid = validation(claim);
            if (invalid != null) {
                return failed(key, "jwt update cache validation failed", invalid);
            }
            return store(key, text, "jwt updated cache", "jwt update cache resulted in error");
        }
        String invalid = validation(claim);
        if (invalid != null) {
            return failed(claim.publicKey(), "jwt validation failed", invalid);
        }
        if (!claim.publicKey().equals(key)) {
            return failed(key, "jwt update resulted in error", "subject does not match jwt content");
        }
        if (strict && claim.jwt().issuer().equals(operator)) {
            return failed(key, "jwt update resulted in error", "operator requires issuer to be a signing key");
        }
        return store(key, text, "jwt updated", "jwt update resulted in error");
    }

    /** {@code $SYS.REQ.CLAIMS.UPDATE}: the account is the JWT's subject. */
    private Object update(SystemRequest r) {
        String text = r.bodyText();
        JwtAccount claim;
        try {
            claim = JwtAccount.decode(text);
        } catch (IllegalArgumentException e) {
            return failed("n/a", prefix("jwt update resulted in error"), e.getMessage());
        }
        String key = claim.publicKey();
        if (strict && claim.jwt().issuer().equals(operator)) {
            return failed(key, prefix("jwt update resulted in error"), "operator requires issuer to be a signing key");
        }
        if (cache && !changes.loaded(key)) {
            return done(key, "jwt update cache skipped");
        }
        String invalid = validation(claim);
        if (invalid != null) {
            return failed(key, cache ? "jwt update cache validation failed" : "jwt validation failed", invalid);
        }
        return cache
                ? store(key, text, "jwt updated cache", "jwt update cache resulted in error")
                : store(key, text, "jwt updated", "jwt update resulted in error");
    }

    private Object store(String key, String text, String ok, String error) {
        boolean changed;
        try {
            changed = store.save(key, text);
        } catch (RuntimeException e) {
            return failed(key, error, e.getMessage());
        }
        if (changed) {
            try {
                changes.updated(key);
            } catch (RuntimeException e) {
                // as nats-server: stored and answered as updated; the running account keeps its claims
                LOG.log(
                        System.Logger.Level.ERROR,
                        "DirResolver - Update for account \"{0}\" resulted in error {1}",
                        key,
                        e.getMessage());
            }
        }
        return done(key, ok);
    }

    /** As the jwt library's blocking validation issues, rendered as Go prints them. */
    private static String validation(JwtAccount claim) {
        List<String> issues = claim.validationIssues();
        return issues.isEmpty() ? null : "validation errors: [" + String.join(" ", issues) + "]";
    }

    private Object lookup(SystemRequest r) {
        if (r.reply() == null) {
            return null;
        }
        String jwt = store.get(r.token(3));
        return jwt == null ? new byte[0] : jwt.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code $SYS.REQ.CLAIMS.PACK} (full): the body is the requester's store hash; when it equals ours one empty
     * message answers, else one message {@code <key>|<jwt>} per stored JWT that has not expired, then an empty one
     * (as nats-server's {@code PackWalk(1, …)}).
     */
    private Object pack(SystemRequest r) {
        if (r.reply() == null) {
            return null;
        }
        List<byte[]> messages = new ArrayList<>();
        byte[] ours = store.hash();
        if (!java.util.Arrays.equals(ours, r.body() == null ? new byte[0] : r.body())) {
            long now = java.time.Instant.now().getEpochSecond();
            for (String line : store.pack()) {
                if (!expired(line.substring(line.indexOf('|') + 1), now)) {
                    messages.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        messages.add(new byte[0]);
        return new SystemAnswers(messages);
    }

    private static boolean expired(String jwt, long now) {
        try {
            long exp = JwtAccount.decode(jwt).jwt().expires();
            return exp > 0 && exp < now;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Object list() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        m.put("data", store.keys());
        return m;
    }

    private Object delete(SystemRequest r) {
        String subject = "";
        String error = null;
        List<String> keys = new ArrayList<>();
        try {
            Jwt request = Jwt.decodeGeneric(r.bodyText(), "OA");
            subject = request.subject();
            var accounts = request.nats().path("accounts");
            if (!allowDelete) {
                error = "delete must be enabled in server config";
            } else if (!subject.equals(request.issuer())) {
                error = "not self signed";
            } else if (!operatorKeys.contains(request.issuer())) {
                error = "not trusted";
            } else if (!accounts.isArray()) {
                error = "malformed request";
            } else {
                for (var a : accounts) {
                    String key = a.isString() ? a.asString() : "";
                    if (key.isEmpty() || !NKeyVerifier.isValidPublicKey(key, 'A')) {
                        error = "malformed request";
                        break;
                    }
                    if (key.equals(systemAccount)) {
                        error = "not allowed to delete system account";
                        break;
                    }
                    keys.add(key);
                }
            }
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        if (error != null) {
            return failed(null, "delete accounts request by " + subject + " failed", error);
        }
        int deleted = 0;
        List<String> errors = new ArrayList<>();
        for (String key : keys) {
            try {
                store.delete(key);
                changes.deleted(key);
                deleted++;
            } catch (RuntimeException e) {
                errors.add(String.valueOf(e.getMessage()));
            }
        }
        if (errors.isEmpty()) {
            return done(null, "deleted " + deleted + " accounts");
        }
        return failed(null, "deleted " + deleted + " accounts, failed for " + errors.size(), String.join("\n", errors));
    }

    /** {@code {"server":…,"data":{"account":…,"code":200,"message":…}}}. */
    private static Map<String, Object> done(String account, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (account != null && !account.isEmpty()) {
            data.put("account", account);
        }
        data.put("code", 200);
        data.put("message", message);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        m.put("data", data);
        LOG.log(System.Logger.Level.DEBUG, () -> message + (account == null ? "" : " - " + account));
        return m;
    }

    /** {@code {"server":…,"error":{"account":…,"code":500,"description":"<message> - <error>"}}}. */
    private static Map<String, Object> failed(String account, String message, String error) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (account != null && !account.isEmpty()) {
            e.put("account", account);
        }
        e.put("code", 500);
        e.put("description", message + " - " + error);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        m.put("error", e);
        LOG.log(System.Logger.Level.ERROR, () -> message + (account == null ? "" : " - " + account) + " - " + error);
        return m;
    }

    /** Logs the unusable files found in the directory, naming each. */
    public static void logProblems(JwtDirectory store) {
        for (String p : store.problems()) {
            LOG.log(System.Logger.Level.WARNING, "DirResolver - {0}", p);
        }
    }
}
