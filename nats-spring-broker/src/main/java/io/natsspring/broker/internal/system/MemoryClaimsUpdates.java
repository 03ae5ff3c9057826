package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.auth.JwtAccount;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claims pushes of the memory account resolver ({@code resolver: MEMORY}), as {@code nats-server}'s
 * {@code accountClaimUpdate} answers them when the resolver does not track updates itself: only
 * {@code $SYS.REQ.ACCOUNT.<key>.CLAIMS.UPDATE} and the older {@code $SYS.ACCOUNT.<key>.CLAIMS.UPDATE} are answered
 * ({@code $SYS.REQ.CLAIMS.UPDATE} has no responder); the JWT must be the subject's account, an account the server
 * has not loaded yet is skipped, and the others are applied to the running account without being stored (a
 * restart goes back to the configured {@code resolver_preload}).
 */
public final class MemoryClaimsUpdates {

    /** How the pushed JWT reaches the running account; called on the system thread. */
    public interface Accounts {

        /** Whether {@code account} is in use (looked up since start: the system account, a login, an import). */
        boolean loaded(String account);

        /**
         * Applies {@code jwt} to {@code account}.
         *
         * @throws IllegalArgumentException with the error text when it is not applied
         */
        void apply(String account, String jwt);
    }

    private final Accounts accounts;

    public MemoryClaimsUpdates(Accounts accounts) {
        this.accounts = accounts;
    }

    /** Registers the handlers in the system account. */
    public void registerAll(SystemRequests requests) {
        requests.register("$SYS.REQ.ACCOUNT.*.CLAIMS.UPDATE", r -> update(r, r.token(3)));
        requests.register("$SYS.ACCOUNT.*.CLAIMS.UPDATE", r -> update(r, r.token(2)));
    }

    private Object update(SystemRequest r, String key) {
        if (!r.hasBody()) {
            return failed(key, "jwt update error", "request body is empty");
        }
        String text = r.bodyText();
        JwtAccount claim;
        try {
            claim = JwtAccount.decode(text);
        } catch (IllegalArgumentException e) {
            return failed(key, "jwt update resulted in error", e.getMessage());
        }
        if (!claim.publicKey().equals(key)) {
            return failed(key, "jwt update resulted in error", "subject does not match jwt content");
        }
        if (!accounts.loaded(key)) {
            return done(key, "jwt update skipped");
        }
        try {
            accounts.apply(key, text);
        } catch (IllegalArgumentException e) {
            return failed(key, "jwt update resulted in error", e.getMessage());
        }
        return done(key, "jwt updated");
    }

    private static Map<String, Object> done(String account, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("account", account);
        data.put("code", 200);
        data.put("message", message);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        m.put("data", data);
        return m;
    }

    private static Map<String, Object> failed(String account, String message, String error) {
        System.getLogger(MemoryClaimsUpdates.class.getName())
                .log(System.Logger.Level.ERROR, "{0} - {1} - {2}", message, account, error);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("account", account);
        e.put("code", 500);
        e.put("description", message + " - " + error);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        m.put("error", e);
        return m;
    }
}
