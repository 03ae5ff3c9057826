package io.natsspring.broker.internal.auth;

import io.natsspring.broker.internal.routing.Subjects;

/**
 * The activation token of an import from a token-required (private) export: an {@code activation} JWT issued by the
 * exporting account (or one of its signing keys, then naming it in {@code issuer_account}) to the importing account
 * ({@code sub}), for {@code nats.subject} of {@code nats.kind} ({@code stream} or {@code service}). Checked as
 * nats-server does: {@link #structuralProblem} is part of the importing account's validation (a token that fails it
 * makes the whole account invalid); {@link #activationProblem} decides whether the import is applied (trusted issuer,
 * not expired, not revoked by the export).
 */
public final class JwtActivation {

    private JwtActivation() {}

    /**
     * What the jwt library's import validation finds wrong with the token of {@code imp} in account
     * {@code importer}, or {@code null}; also {@code null} when the import has no token.
     */
    static String structuralProblem(JwtAccount.Import imp, String importer) {
        if (imp.token() == null) {
            return null;
        }
        Jwt act;
        try {
            act = Jwt.decode(imp.token(), "activation", "AO");
        } catch (IllegalArgumentException e) {
            return "import \"" + imp.subject() + "\" contains an invalid activation token";
        }
        String issuerAccount = act.nats().path("issuer_account").asString("");
        if (!(act.issuer().equals(imp.account()) || issuerAccount.equals(imp.account()))) {
            return "activation token doesn't match account for import \"" + imp.subject() + "\"";
        }
        if (!act.subject().equals(importer)) {
            return "activation token doesn't match account it is being included in, \"" + imp.subject() + "\"";
        }
        String kind = act.nats().path("kind").asString("");
        if (!kind.equals(imp.service() ? "service" : "stream")) {
            return "mismatch between token import type " + kind + " and type of import";
        }
        String importSubject = act.nats().path("subject").asString("");
        if (importSubject.isEmpty() || !Subjects.isSubsetOf(imp.subject(), importSubject)) {
            return "activation token import subject \"" + importSubject + "\" doesn't match import \"" + imp.subject()
                    + "\"";
        }
        if (!issuerAccount.isEmpty() && !NKeyVerifier.isValidPublicKey(issuerAccount, 'A')) {
            return "account_id is not an account public key";
        }
        return null;
    }

    /**
     * Why the token of {@code imp} does not authorize the import from {@code export} of {@code exporter} at
     * {@code nowSeconds}, or {@code null} when it does.
     */
    static String activationProblem(
            JwtAccount.Import imp, JwtAccount exporter, JwtAccount.Export export, long nowSeconds) {
        if (imp.token() == null) {
            return "the export needs an activation token";
        }
        Jwt act;
        try {
            act = Jwt.decode(imp.token(), "activation", "AO");
        } catch (IllegalArgumentException e) {
            return "invalid activation token: " + e.getMessage();
        }
        String issuerAccount = act.nats().path("issuer_account").asString("");
        if (!issuerAccount.isEmpty()
                && (!issuerAccount.equals(exporter.publicKey()) || !exporter.hasIssuer(act.issuer()))) {
            return "activation token not issued by the exporting account";
        }
        if (act.expiredAt(nowSeconds) || act.expires() > 0 && act.expires() <= nowSeconds) {
            return "activation token expired";
        }
        if (act.notYetValidAt(nowSeconds)) {
            return "activation token not yet valid";
        }
        if (export.revoked(act.subject(), act.issuedAt())) {
            return "activation token revoked";
        }
        return null;
    }

    /** The {@code exp} of an activation token in Unix seconds; 0 without one or for an unreadable token. */
    public static long expires(String token) {
        if (token == null) {
            return 0;
        }
        try {
            return Jwt.decode(token, "activation", "AO").expires();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
