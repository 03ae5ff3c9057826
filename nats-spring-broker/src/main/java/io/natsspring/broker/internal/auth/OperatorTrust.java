package io.natsspring.broker.internal.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operator mode (decentralized JWT authentication) as {@code nats-server} runs it with {@code resolver: MEMORY}:
 * the trusted operators (their keys and signing keys), the system account and the preloaded account JWTs. A client
 * presents a user JWT and its signature of the INFO nonce; {@link #authenticate} checks them in nats-server's order
 * and every refusal is nats-server's plain {@code Authorization Violation}. Immutable and thread-safe.
 */
public final class OperatorTrust {

    private static final System.Logger LOG = System.getLogger(OperatorTrust.class.getName());

    private final Set<String> trustedKeys;
    private final String firstOperator;
    private final boolean strict;
    private final String systemAccount;
    private final Map<String, JwtAccount> accounts;
    private final Clock clock;
    /**
     * User JWTs already decoded and verified (clients reconnect with the same JWT): saves one Ed25519 verification
     * per CONNECT. Bounded: cleared when full. Time checks and revocations are still made on every CONNECT.
     */
    private final Map<String, JwtUser> decodedUsers = new java.util.concurrent.ConcurrentHashMap<>();

    private static final int DECODED_USERS_LIMIT = 1024;

    /** Told the key of every trusted account a login looks up (as nats-server registers it then). */
    private volatile java.util.function.Consumer<String> lookups = key -> {};

    /** Fetches an account this trust does not hold (URL resolver): the trust holding it, or {@code null}. */
    private volatile java.util.function.Function<String, OperatorTrust> missing;

    /** The connection type of every client of this broker (it serves no WebSocket, MQTT or leaf connections). */
    private static final String STANDARD = "STANDARD";

    /**
     * @param operatorJwts  the operator JWTs (at least one)
     * @param systemAccount the configured {@code system_account}, or null to take the first operator's
     * @param accountJwts   account public key → account JWT ({@code resolver_preload})
     * @throws IllegalArgumentException with nats-server's text for an invalid operator or preloaded JWT
     */
    public OperatorTrust(List<String> operatorJwts, String systemAccount, Map<String, String> accountJwts) {
        this(operatorJwts, systemAccount, accountJwts, Clock.systemUTC());
    }

    OperatorTrust(List<String> operatorJwts, String systemAccount, Map<String, String> accountJwts, Clock clock) {
        if (operatorJwts.isEmpty()) {
            throw new IllegalArgumentException("operator mode needs at least one operator JWT");
        }
        this.clock = clock;
        Set<String> keys = new HashSet<>();
        List<String> operatorSystemAccounts = new ArrayList<>();
        String first = null;
        boolean firstStrict = false;
        for (String text : operatorJwts) {
            Jwt op;
            try {
                op = Jwt.decode(Jwt.undecorate(text), "operator", "O");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("operator JWT not valid: " + e.getMessage(), e);
            }
            boolean strictUsage = op.nats().path("strict_signing_key_usage").asBoolean(false);
            if (first == null) {
                first = op.subject();
                firstStrict = strictUsage;
            }
            if (!strictUsage) {
                keys.add(op.subject());
            }
            for (String k : Jwt.strings(op.nats().path("signing_keys"))) {
                if (!NKeyVerifier.isValidPublicKey(k, 'O')) {
                    throw new IllegalArgumentException(
                            "trusted Keys \"" + k + "\" are required to be a valid public operator nkey");
                }
                keys.add(k);
            }
            operatorSystemAccounts.add(op.nats().path("system_account").asString(""));
        }
        String sys = systemAccount == null || systemAccount.isEmpty() ? null : systemAccount;
        if (sys != null) {
            boolean nonEmpty = operatorSystemAccounts.stream().anyMatch(s -> !s.isEmpty());
            if (nonEmpty && !operatorSystemAccounts.contains(sys)) {
                throw new IllegalArgumentException("system_account in config and operator JWT must be identical");
            }
        } else if (!operatorSystemAccounts.get(0).isEmpty()) {
            sys = operatorSystemAccounts.get(0);
        }
        this.trustedKeys = Set.copyOf(keys);
        this.firstOperator = first;
        this.strict = firstStrict;
        this.systemAccount = sys;
        Map<String, JwtAccount> byKey = new LinkedHashMap<>();
        accountJwts.forEach((key, text) -> {
            JwtAccount account;
            try {
                account = JwtAccount.decode(Jwt.undecorate(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("preload account error for \"" + key + "\": " + e.getMessage(), e);
            }
            if (!account.publicKey().equals(key)) {
                throw new IllegalArgumentException(
                        "preload account error for \"" + key + "\": the JWT is that of account " + account.publicKey());
            }
            if (!trustedKeys.contains(account.jwt().issuer())) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "account {0} is not signed by a trusted operator; its users will be refused",
                        key);
            }
            List<String> issues = account.validationIssues();
            if (!issues.isEmpty()) {
                // as nats-server: the account fails validation when it is looked up, its users are refused
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Account [{0}] has validation issues: {1}; its users will be refused",
                        key,
                        String.join("; ", issues));
                return;
            }
            byKey.put(key, account);
        });
        this.accounts = java.util.Collections.unmodifiableMap(byKey);
    }

    /** The system account's public key, or {@code null} when neither the config nor the operator names one. */
    public String systemAccount() {
        return systemAccount;
    }

    /** The first trusted operator's public key. */
    public String operatorKey() {
        return firstOperator;
    }

    /** The first operator's {@code strict_signing_key_usage}: accounts must be signed by a signing key. */
    public boolean strictSigningKeyUsage() {
        return strict;
    }

    /** The keys that may sign account JWTs: the operators (unless strict) and their signing keys. */
    public Set<String> trustedKeys() {
        return trustedKeys;
    }

    /**
     * Whether {@code accountJwt} is an account JWT this broker would apply: decodable, signed by a trusted key and
     * without blocking validation issues.
     */
    public boolean accepts(String accountJwt) {
        try {
            JwtAccount a = JwtAccount.decode(Jwt.undecorate(accountJwt));
            return trustedKeys.contains(a.jwt().issuer())
                    && a.validationIssues().isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The {@code -ERR} text that closes an authenticated connection whose credentials no longer pass after its
     * account changed, as nats-server sends it: {@code User Authentication Revoked} for a revoked user,
     * {@code Account Authentication Expired} when the account is gone (deleted), else
     * {@code Authorization Violation}.
     */
    public String refusalText(Credentials c) {
        try {
            JwtUser user = JwtUser.decode(c.jwt());
            JwtAccount account = accounts.get(user.account());
            if (account == null) {
                return "Account Authentication Expired";
            }
            if (account.revoked(user.jwt().subject(), user.jwt().issuedAt())) {
                return "User Authentication Revoked";
            }
        } catch (RuntimeException e) {
            // not a user JWT: the plain violation
        }
        return "Authorization Violation";
    }

    /**
     * Calls {@code listener} with the account key of each login whose account is known and trusted (the account is
     * then in use, as nats-server registers an account when a login looks it up).
     *
     * @return this trust
     */
    public OperatorTrust onAccountLookup(java.util.function.Consumer<String> listener) {
        this.lookups = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Lets a login of an account this trust does not hold fetch it ({@code resolver: URL}): {@code fetcher} returns
     * the trust that holds it then (or {@code null}), which checks the login. Called on the authenticating thread.
     *
     * @return this trust
     */
    public OperatorTrust onMissingAccount(java.util.function.Function<String, OperatorTrust> fetcher) {
        this.missing = fetcher;
        return this;
    }

    /** The preloaded accounts, in configuration order. */
    public Map<String, JwtAccount> accounts() {
        return accounts;
    }

    /** Checks a CONNECT's user JWT and nonce signature; see the class comment. */
    public AuthResult authenticate(Credentials c) {
        if (Credentials.isEmpty(c.jwt())) {
            return denied("authentication requires a user JWT");
        }
        JwtUser user = decodedUsers.get(c.jwt());
        if (user == null) {
            try {
                user = JwtUser.decode(c.jwt());
            } catch (IllegalArgumentException e) {
                return denied("user JWT not valid: " + e.getMessage());
            }
            if (decodedUsers.size() >= DECODED_USERS_LIMIT) {
                decodedUsers.clear();
            }
            decodedUsers.put(c.jwt(), user);
        }
        long now = clock.instant().getEpochSecond();
        if (user.jwt().expiredAt(now) || user.jwt().notYetValidAt(now)) {
            return denied("user JWT no longer (or not yet) valid");
        }
        JwtAccount account = accounts.get(user.account());
        if (account == null) {
            java.util.function.Function<String, OperatorTrust> fetch = missing;
            OperatorTrust next = fetch == null ? null : fetch.apply(user.account());
            if (next != null && next != this && next.accounts.containsKey(user.account())) {
                return next.authenticate(c);
            }
            return denied("account JWT lookup error: no account " + user.account());
        }
        if (!trustedKeys.contains(account.jwt().issuer())) {
            return denied("account JWT not signed by trusted operator");
        }
        lookups.accept(account.publicKey());
        String issuer = user.jwt().issuer();
        if (!account.hasIssuer(issuer)) {
            return denied("user JWT issuer is not known");
        }
        JwtUserScope scope = account.scope(issuer);
        if (scope != null && (user.permissions() != null || hasLimits(user.jwt().nats()))) {
            return denied("user JWT is not valid: scoped users require no permissions or limits set");
        }
        if (account.jwt().expiredAt(now)) {
            return denied("account JWT has expired");
        }
        if (user.bearer() && account.disallowsBearer()) {
            return denied("account does not allow bearer tokens");
        }
        if (!user.allowsConnectionType(c.connectionType() == null ? STANDARD : c.connectionType())) {
            return denied("connection type not allowed");
        }
        if (!user.times().valid()) {
            return denied("user JWT no longer valid: bad times or times_location");
        }
        if (!user.bearer() && !NKeyVerifier.ofUserKey(user.jwt().subject()).verifies(c.nonce(), c.sig())) {
            return denied("signature not verified");
        }
        if (account.revoked(user.jwt().subject(), user.jwt().issuedAt())) {
            return denied("user authentication revoked");
        }
        if (!user.sources().isEmpty() && !CidrList.contains(user.sources(), c.clientIp())) {
            return denied("bad src IP " + c.clientIp());
        }
        java.time.Duration allowedFor = user.times().allowedFor(clock.instant());
        if (allowedFor == null) {
            return denied("outside connect times");
        }
        PermissionPatterns patterns = user.permissions();
        if (scope != null) {
            try {
                patterns = JwtPermissionTemplate.apply(scope.permissions(), user.jwt(), account.jwt());
            } catch (IllegalArgumentException e) {
                return denied("user JWT generated invalid permissions: " + e.getMessage());
            }
        }
        if (patterns == null && scope == null) {
            patterns = account.defaultPermissions();
        }
        long subs = scope != null ? scope.subs() : user.subs();
        long payload = scope != null ? scope.payload() : user.payload();
        JwtSession session = new JwtSession(
                account.publicKey(),
                expiry(user.jwt().expires(), allowedFor),
                minLimit(subs, account.limit("subs")),
                minLimit(payload, account.limit("payload")),
                account.limit("conn"),
                user.jwt().name(),
                account.jwt().name(),
                user.jwt().issuer());
        return AuthResult.authenticated(user.jwt().subject(), Permissions.compile(patterns), session);
    }

    /**
     * As nats-server's {@code setExpiration}: the JWT's {@code exp}, or the end of the connect time range when that
     * comes first (Unix seconds, rounded up; 0 never).
     */
    private long expiry(long exp, java.time.Duration allowedFor) {
        if (allowedFor.isZero()) {
            return exp;
        }
        long nowMillis = clock.millis();
        long rangeEnd = Math.floorDiv(nowMillis + allowedFor.toMillis() + 999, 1000);
        return exp > 0 && exp <= rangeEnd ? exp : rangeEnd;
    }

    private static long minLimit(long a, long b) {
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private static AuthResult denied(String why) {
        LOG.log(System.Logger.Level.DEBUG, () -> "JWT authentication refused: " + why);
        return AuthResult.denied();
    }

    /**
     * As the jwt library's {@code HasEmptyPermissions} for a scoped signer's user: any limit, source, time, locale,
     * bearer flag or connection type set in the user JWT counts.
     */
    private static boolean hasLimits(tools.jackson.databind.JsonNode nats) {
        for (String n : List.of("subs", "data", "payload")) {
            if (nats.path(n).asLong(0) != 0) {
                return true;
            }
        }
        for (String n : List.of("src", "times", "allowed_connection_types")) {
            if (nats.path(n).size() > 0
                    || nats.path(n).isString() && !nats.path(n).asString().isEmpty()) {
                return true;
            }
        }
        return !nats.path("times_location").asString("").isEmpty()
                || !nats.path("locale").asString("").isEmpty()
                || nats.path("bearer_token").asBoolean(false);
    }
}
