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
 * {@code consumer}) and subject mappings. As in nats-server an import that can not be wired (unknown account,
 * nothing exported, an export that needs an activation token) is left out with a warning instead of failing the
 * server.
 */
public final class JwtAccountSpecs {

    private static final System.Logger LOG = System.getLogger(JwtAccountSpecs.class.getName());

    private JwtAccountSpecs() {}

    /** The specs of {@code trust}'s accounts, in preload order. */
    public static List<AccountSpec> of(OperatorTrust trust) {
        Map<String, JwtAccount> accounts = trust.accounts();
        List<AccountSpec> specs = new ArrayList<>();
        for (JwtAccount a : accounts.values()) {
            List<AccountSpec.ExportSpec> exports = new ArrayList<>();
            for (JwtAccount.Export e : a.exports()) {
                if (e.tokenRequired()) {
                    // activation tokens are not supported: nobody may import it
                    continue;
                }
                exports.add(
                        new AccountSpec.ExportSpec(e.service(), e.subject(), Set.of(), responses(e.responseType())));
            }
            List<AccountSpec.ImportSpec> imports = new ArrayList<>();
            for (JwtAccount.Import i : a.imports()) {
                String problem = importProblem(i, accounts);
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
                imports.add(new AccountSpec.ImportSpec(i.service(), i.account(), i.subject(), i.local()));
            }
            AccountSpec.Limits js = a.jetStreamEnabled()
                    ? new AccountSpec.Limits(
                            a.jetStreamLimit("mem_storage"),
                            a.jetStreamLimit("disk_storage"),
                            (int) Math.min(Integer.MAX_VALUE, a.jetStreamLimit("streams")),
                            (int) Math.min(Integer.MAX_VALUE, a.jetStreamLimit("consumer")))
                    : null;
            Map<String, List<AccountSpec.Destination>> mappings = a.mappings().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey,
                            m -> m.getValue().stream()
                                    .map(d -> new AccountSpec.Destination(d.subject(), d.weight()))
                                    .toList()));
            specs.add(new AccountSpec(a.publicKey(), Set.of(), exports, imports, js, mappings));
        }
        return specs;
    }

    private static String importProblem(JwtAccount.Import i, Map<String, JwtAccount> accounts) {
        JwtAccount exporter = accounts.get(i.account());
        if (exporter == null) {
            return "no such account";
        }
        if (!Subjects.isValidSubscribeSubject(i.subject())) {
            return "invalid subject";
        }
        for (JwtAccount.Export e : exporter.exports()) {
            if (e.service() == i.service() && Subjects.isSubsetOf(i.subject(), e.subject())) {
                return e.tokenRequired() ? "the export needs an activation token (not supported)" : null;
            }
        }
        return "the account exports no such " + (i.service() ? "service" : "stream");
    }

    private static AccountSpec.Responses responses(String type) {
        return switch (type) {
            case "Stream" -> AccountSpec.Responses.STREAM;
            case "Chunked" -> AccountSpec.Responses.CHUNKED;
            default -> AccountSpec.Responses.SINGLETON;
        };
    }
}
