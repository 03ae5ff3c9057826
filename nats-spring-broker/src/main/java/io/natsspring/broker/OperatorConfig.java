package io.natsspring.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Operator mode (decentralized JWT authentication), as {@code nats-server}'s {@code operator}, {@code system_account},
 * {@code resolver: MEMORY} and {@code resolver_preload} configure it: the trusted operator JWTs, the system account's
 * public key ({@code null}: the operator JWT's) and the account JWTs by account public key. Clients then log in with
 * a user JWT signed by one of these accounts (or one of its signing keys) and sign the server's nonce, as a
 * {@code .creds} file lets the official clients do. Users and accounts can not be configured next to an operator.
 * {@code resolver} is the directory resolver ({@code resolver: { type: full|cache, dir }}), {@code null} for
 * {@code MEMORY}; with one, the preloaded accounts are written into its directory and the accounts already there are
 * loaded too.
 */
public record OperatorConfig(
        List<String> operatorJwts,
        String systemAccount,
        Map<String, String> accountJwts,
        AccountResolverConfig resolver) {

    /** With the memory resolver ({@code resolver: MEMORY}). */
    public OperatorConfig(List<String> operatorJwts, String systemAccount, Map<String, String> accountJwts) {
        this(operatorJwts, systemAccount, accountJwts, null);
    }

    public OperatorConfig {
        operatorJwts = List.copyOf(Objects.requireNonNull(operatorJwts, "operatorJwts"));
        if (operatorJwts.isEmpty()) {
            throw new IllegalArgumentException("operator mode needs at least one operator JWT");
        }
        accountJwts = java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(accountJwts == null ? Map.of() : accountJwts));
    }

    /** One operator, the system account from its JWT, and these accounts. */
    public static OperatorConfig of(String operatorJwt, Map<String, String> accountJwts) {
        return new OperatorConfig(List.of(operatorJwt), null, accountJwts);
    }
}
