package io.natsspring.broker.internal.account;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One account as the server takes it (translated from the embedding API's {@code AccountConfig}): its name, the
 * names of its users, its exports, imports, JetStream limits ({@code null}: JetStream off), subject mappings and
 * connection limits ({@code limits { max_connections, ... }}).
 */
public record AccountSpec(
        String name,
        Set<String> users,
        List<ExportSpec> exports,
        List<ImportSpec> imports,
        Limits jetStream,
        Map<String, List<Destination>> mappings,
        ClientLimits clientLimits,
        io.natsspring.broker.internal.trace.TraceDestination msgTrace) {

    public AccountSpec {
        Objects.requireNonNull(name, "name");
        clientLimits = clientLimits == null ? ClientLimits.UNLIMITED : clientLimits;
        users = Set.copyOf(users);
        exports = List.copyOf(exports);
        imports = List.copyOf(imports);
        mappings = Map.copyOf(mappings);
    }

    /** An account without message-trace destination. */
    public AccountSpec(
            String name,
            Set<String> users,
            List<ExportSpec> exports,
            List<ImportSpec> imports,
            Limits jetStream,
            Map<String, List<Destination>> mappings,
            ClientLimits clientLimits) {
        this(name, users, exports, imports, jetStream, mappings, clientLimits, null);
    }

    /** An account without connection limits. */
    public AccountSpec(
            String name,
            Set<String> users,
            List<ExportSpec> exports,
            List<ImportSpec> imports,
            Limits jetStream,
            Map<String, List<Destination>> mappings) {
        this(name, users, exports, imports, jetStream, mappings, ClientLimits.UNLIMITED);
    }

    /** How many answers a service import forwards per request. */
    public enum Responses {
        SINGLETON,
        STREAM,
        CHUNKED
    }

    /** An export: a service ({@code service} true) or a stream; {@code accounts} empty means public. */
    public record ExportSpec(
            boolean service,
            String subject,
            Set<String> accounts,
            Responses responses,
            Duration responseThreshold,
            Latency latency,
            boolean allowTrace) {

        /** {@code nats-server}'s default time a service import waits for the answers to a request. */
        public static final Duration DEFAULT_RESPONSE_THRESHOLD = Duration.ofMinutes(2);

        public ExportSpec {
            accounts = Set.copyOf(accounts);
            responseThreshold = responseThreshold == null ? DEFAULT_RESPONSE_THRESHOLD : responseThreshold;
        }

        /** An export whose service imports stop message tracing ({@code allow_trace} false). */
        public ExportSpec(
                boolean service,
                String subject,
                Set<String> accounts,
                Responses responses,
                Duration responseThreshold,
                Latency latency) {
            this(service, subject, accounts, responses, responseThreshold, latency, false);
        }

        /** An export with the default response threshold and no latency tracking. */
        public ExportSpec(boolean service, String subject, Set<String> accounts, Responses responses) {
            this(service, subject, accounts, responses, null, null);
        }

        boolean allows(String account) {
            return accounts.isEmpty() || accounts.contains(account);
        }
    }

    /**
     * An import of {@code subject} from {@code account}; {@code to} is the local subject pattern (a service's
     * subject the importer publishes on, a stream's subject its messages arrive on); {@code allowTrace}: a stream
     * import's {@code allow_trace}.
     */
    public record ImportSpec(
            boolean service, String account, String subject, String to, boolean share, boolean allowTrace) {

        /** An import whose stream messages are not traced past the exporter ({@code allow_trace} false). */
        public ImportSpec(boolean service, String account, String subject, String to, boolean share) {
            this(service, account, subject, to, share, false);
        }

        /** An import that does not share the requester's details with the exporter's latency tracking. */
        public ImportSpec(boolean service, String account, String subject, String to) {
            this(service, account, subject, to, false);
        }
    }

    /**
     * Latency tracking of a service export: {@code sampling} percent of the requests (1..100), or every request
     * carrying a trace header when {@code headers}; the measurements go to {@code subject} in the exporting account.
     */
    public record Latency(int sampling, boolean headers, String subject) {}

    /** An account's {@code limits}; {@code -1} unlimited. */
    public record ClientLimits(int maxConnections, int maxSubscriptions, int maxPayload, int maxLeafNodes) {

        /** No limit at all. */
        public static final ClientLimits UNLIMITED = new ClientLimits(-1, -1, -1, -1);
    }

    /**
     * JetStream limits of an account; {@code -1} unlimited. {@code tiers}: the replica counts a JWT account's
     * {@code tiered_limits} has a tier for ({@code R1} → 1), {@code null} when its limits are not tiered; a stream
     * of another replica count is refused with {@code 10120}, as in nats-server.
     */
    public record Limits(long maxMemory, long maxFile, int maxStreams, int maxConsumers, Set<Integer> tiers) {

        /** Limits that are not tiered. */
        public Limits(long maxMemory, long maxFile, int maxStreams, int maxConsumers) {
            this(maxMemory, maxFile, maxStreams, maxConsumers, null);
        }

        public Limits {
            tiers = tiers == null ? null : Set.copyOf(tiers);
        }
    }

    /** One weighted destination of a subject mapping (weight in percent). */
    public record Destination(String subject, int weight) {}
}
