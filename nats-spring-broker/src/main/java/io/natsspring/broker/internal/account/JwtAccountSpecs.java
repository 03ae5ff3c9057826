package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.auth.JwtAccount;
import io.natsspring.broker.internal.auth.OperatorTrust;
import io.natsspring.broker.internal.routing.Subjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The accounts of operator mode as {@link AccountSpec}s: one per preloaded account JWT, named by its public key, with
 * the JWT's exports, imports, JetStream limits ({@code mem_storage}, {@code disk_storage}, {@code streams},
 * {@code consumer}; the {@code R1} tier of tiered limits) and subject mappings. A token-required export is open to
 * the importers that hold a valid activation token. As in nats-server an import that can not be wired (unknown
 * account, nothing exported, a missing, expired, revoked or foreign activation token) is left out with a warning
 * instead of failing the server.
 */
public final class JwtAccountSpecs {

    private static final System.Logger LOG = System.getLogger(JwtAccountSpecs.class.getName());

    private JwtAccountSpecs() {}

    /** The specs of {@code trust}'s accounts, in preload order. */
    public static List<AccountSpec> of(OperatorTrust trust) {
        Map<String, JwtAccount> accounts = trust.accounts();
        long now = java.time.Instant.now().getEpochSecond();
        // token-required export (exporter key + subject) -> the importers holding a valid activation token
        Map<String, Set<String>> activated = new java.util.HashMap<>();
        for (JwtAccount a : accounts.values()) {
            for (JwtAccount.Import i : a.imports()) {
                if (importProblem(i, accounts, now) == null) {
                    JwtAccount.Export e = export(i, accounts.get(i.account()));
                    if (e != null && e.tokenRequired()) {
                        activated
                                .computeIfAbsent(i.account() + " " + e.subject(), k -> new java.util.TreeSet<>())
                                .add(a.publicKey());
                    }
                }
            }
        }
        List<AccountSpec> specs = new ArrayList<>();
        for (JwtAccount a : accounts.values()) {
            List<AccountSpec.ExportSpec> exports = new ArrayList<>();
            for (JwtAccount.Export e : a.exports()) {
                Set<String> approved = Set.of();
                if (e.tokenRequired()) {
                    approved = activated.get(a.publicKey() + " " + e.subject());
                    if (approved == null) {
                        continue; // private, and nobody holds a valid activation token
                    }
                }
                AccountSpec.Responses responses = responses(e.responseType());
                exports.add(new AccountSpec.ExportSpec(
                        e.service(),
                        e.subject(),
                        Set.copyOf(approved),
                        responses,
                        e.service() && e.responseThresholdNanos() > 0
                                ? java.time.Duration.ofNanos(e.responseThresholdNanos())
                                : null,
                        latency(a, e, responses),
                        e.service() && e.allowTrace()));
            }
            List<AccountSpec.ImportSpec> imports = new ArrayList<>();
            for (JwtAccount.Import i : a.imports()) {
                String problem = importProblem(i, accounts, now);
                if (problem != null) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "account {0}: {1} import of {2} from {3} left out: {4}",
                            a.publicKey(),
                            i.service() ? "service" : "stream",
                            i.subject(),
                            i.account(),
                            problem);
                    continue;
                }
                imports.add(new AccountSpec.ImportSpec(
                        i.service(), i.account(), i.subject(), i.local(), i.share(), !i.service() && i.allowTrace()));
            }
            AccountSpec.Limits js = a.jetStreamEnabled()
                    ? new AccountSpec.Limits(
                            a.jetStreamLimit("mem_storage"),
                            a.jetStreamLimit("disk_storage"),
                            (int) Math.min(Integer.MAX_VALUE, a.jetStreamLimit("streams")),
                            (int) Math.min(Integer.MAX_VALUE, a.jetStreamLimit("consumer")),
                            a.jetStreamTiers())
                    : null;
            Map<String, List<AccountSpec.Destination>> mappings = a.mappings().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey,
                            m -> m.getValue().stream()
                                    .map(d -> new AccountSpec.Destination(d.subject(), d.weight()))
                                    .toList()));
            JwtAccount.Trace trace = a.trace();
            specs.add(new AccountSpec(
                    a.publicKey(),
                    Set.of(),
                    exports,
                    imports,
                    js,
                    mappings,
                    AccountSpec.ClientLimits.UNLIMITED,
                    trace == null
                            ? null
                            : new io.natsspring.broker.internal.trace.TraceDestination(
                                    trace.dest(), trace.sampling())));
        }
        return specs;
    }

    /**
     * When the first activation token of an applied import expires (Unix seconds), 0 when none does: then, as
     * {@code nats-server}'s activation timer, the import stops ({@link #of} leaves it out from that second on).
     */
    public static long nextActivationExpiry(OperatorTrust trust, long nowSeconds) {
        Map<String, JwtAccount> accounts = trust.accounts();
        long next = 0;
        for (JwtAccount a : accounts.values()) {
            for (JwtAccount.Import i : a.imports()) {
                if (i.token() == null || importProblem(i, accounts, nowSeconds) != null) {
                    continue;
                }
                JwtAccount.Export e = export(i, accounts.get(i.account()));
                long exp = io.natsspring.broker.internal.auth.JwtActivation.expires(i.token());
                if (e != null && e.tokenRequired() && exp > nowSeconds && (next == 0 || exp < next)) {
                    next = exp;
                }
            }
        }
        return next;
    }

    private static String importProblem(JwtAccount.Import i, Map<String, JwtAccount> accounts, long now) {
        JwtAccount exporter = accounts.get(i.account());
        if (exporter == null) {
            return "no such account";
        }
        if (!Subjects.isValidSubscribeSubject(i.subject())) {
            return "invalid subject";
        }
        JwtAccount.Export e = export(i, exporter);
        if (e == null) {
            return "the account exports no such " + (i.service() ? "service" : "stream");
        }
        return e.tokenRequired() ? i.activationProblem(exporter, e, now) : null;
    }

    /** The export of {@code exporter} that {@code i} imports: an exact match first, else one containing it. */
    private static JwtAccount.Export export(JwtAccount.Import i, JwtAccount exporter) {
        JwtAccount.Export contained = null;
        for (JwtAccount.Export e : exporter.exports()) {
            if (e.service() == i.service()) {
                if (e.subject().equals(i.subject())) {
                    return e;
                }
                if (contained == null && Subjects.isSubsetOf(i.subject(), e.subject())) {
                    contained = e;
                }
            }
        }
        return contained;
    }

    /**
     * The latency tracking of a service export claim, or {@code null} where nats-server does not track it (it only
     * logs why at debug level): not a singleton service, a sampling outside 1..100 (0 is header-triggered), a
     * results subject that is no valid publish subject or is itself one of the account's service exports.
     */
    private static AccountSpec.Latency latency(JwtAccount a, JwtAccount.Export e, AccountSpec.Responses responses) {
        JwtAccount.Latency l = e.latency();
        if (l == null || !e.service() || responses != AccountSpec.Responses.SINGLETON) {
            return null;
        }
        if (l.sampling() < 0 || l.sampling() > 100 || !Subjects.isValidPublishSubject(l.results())) {
            return null;
        }
        for (JwtAccount.Export other : a.exports()) {
            if (other.service() && Subjects.isSubsetOf(l.results(), other.subject())) {
                return null;
            }
        }
        return l.sampling() == 0
                ? new AccountSpec.Latency(0, true, l.results())
                : new AccountSpec.Latency(l.sampling(), false, l.results());
    }

    private static AccountSpec.Responses responses(String type) {
        return switch (type) {
            case "Stream" -> AccountSpec.Responses.STREAM;
            case "Chunked" -> AccountSpec.Responses.CHUNKED;
            default -> AccountSpec.Responses.SINGLETON;
        };
    }
}
