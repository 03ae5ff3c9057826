package io.natsspring.broker.internal.account;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One account as the server takes it (translated from the embedding API's {@code AccountConfig}): its name, the
 * names of its users, its exports, imports, JetStream limits ({@code null}: JetStream off) and subject mappings.
 */
public record AccountSpec(
        String name,
        Set<String> users,
        List<ExportSpec> exports,
        List<ImportSpec> imports,
        Limits jetStream,
        Map<String, List<Destination>> mappings) {

    public AccountSpec {
        Objects.requireNonNull(name, "name");
        users = Set.copyOf(users);
        exports = List.copyOf(exports);
        imports = List.copyOf(imports);
        mappings = Map.copyOf(mappings);
    }

    /** Whether {@code other} differs from this at most in its users (what a running broker can reload). */
    public boolean sameExceptUsers(AccountSpec other) {
        return name.equals(other.name)
                && exports.equals(other.exports)
                && imports.equals(other.imports)
                && Objects.equals(jetStream, other.jetStream)
                && mappings.equals(other.mappings);
    }

    /** How many answers a service import forwards per request. */
    public enum Responses {
        SINGLETON,
        STREAM,
        CHUNKED
    }

    /** An export: a service ({@code service} true) or a stream; {@code accounts} empty means public. */
    public record ExportSpec(boolean service, String subject, Set<String> accounts, Responses responses) {

        public ExportSpec {
            accounts = Set.copyOf(accounts);
        }

        boolean allows(String account) {
            return accounts.isEmpty() || accounts.contains(account);
        }
    }

    /**
     * An import of {@code subject} from {@code account}; {@code to} is the local subject pattern (a service's
     * subject the importer publishes on, a stream's subject its messages arrive on).
     */
    public record ImportSpec(boolean service, String account, String subject, String to) {}

    /** JetStream limits of an account; {@code -1} unlimited. */
    public record Limits(long maxMemory, long maxFile, int maxStreams, int maxConsumers) {}

    /** One weighted destination of a subject mapping (weight in percent). */
    public record Destination(String subject, int weight) {}
}
