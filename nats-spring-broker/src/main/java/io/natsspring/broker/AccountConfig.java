package io.natsspring.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One account, as {@code nats-server}'s {@code accounts { NAME: { users, exports, imports, jetstream, mappings } }}
 * configures it: the users that log in to it, the subjects it exports to and imports from other accounts, its
 * JetStream limits ({@code null}: JetStream off for this account), its subject mappings, its client limits
 * ({@code limits}) and the permissions of its users that have none ({@code default_permissions}). Users outside any
 * account belong to the global account {@code $G}.
 */
public record AccountConfig(
        String name,
        List<UserConfig> users,
        List<Export> exports,
        List<Import> imports,
        JetStreamLimits jetStream,
        Map<String, List<Mapping>> mappings,
        Limits limits,
        PermissionsConfig defaultPermissions,
        MsgTrace msgTrace) {

    /** The account of users configured outside any account, and of every client when no user is configured. */
    public static final String GLOBAL = "$G";

    public AccountConfig {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains(" ") || name.contains(".") || name.contains("*") || name.contains(">")) {
            throw new IllegalArgumentException("invalid account name '" + name + "'");
        }
        users = List.copyOf(users == null ? List.of() : users);
        exports = List.copyOf(exports == null ? List.of() : exports);
        imports = List.copyOf(imports == null ? List.of() : imports);
        mappings = Map.copyOf(mappings == null ? Map.of() : mappings);
        limits = limits == null ? Limits.UNLIMITED : limits;
    }

    /** An account without message-trace destination ({@code msg_trace}). */
    public AccountConfig(
            String name,
            List<UserConfig> users,
            List<Export> exports,
            List<Import> imports,
            JetStreamLimits jetStream,
            Map<String, List<Mapping>> mappings,
            Limits limits,
            PermissionsConfig defaultPermissions) {
        this(name, users, exports, imports, jetStream, mappings, limits, defaultPermissions, null);
    }

    /**
     * An account's {@code msg_trace { dest, sampling }}: the subject receiving the trace events of messages that
     * carry a sampled W3C {@code traceparent} header, and the percentage of those traced (1–100).
     */
    public record MsgTrace(String dest, int sampling) {}

    /** An account without client limits or default permissions. */
    public AccountConfig(
            String name,
            List<UserConfig> users,
            List<Export> exports,
            List<Import> imports,
            JetStreamLimits jetStream,
            Map<String, List<Mapping>> mappings) {
        this(name, users, exports, imports, jetStream, mappings, Limits.UNLIMITED, null);
    }

    /** An account with users only: no exports, imports, JetStream or mappings. */
    public static AccountConfig of(String name, List<UserConfig> users) {
        return new AccountConfig(name, users, List.of(), List.of(), null, Map.of());
    }

    /** A copy with these exports. */
    public AccountConfig withExports(List<Export> exports) {
        return new AccountConfig(name, users, exports, imports, jetStream, mappings, limits, defaultPermissions);
    }

    /** A copy with these imports. */
    public AccountConfig withImports(List<Import> imports) {
        return new AccountConfig(name, users, exports, imports, jetStream, mappings, limits, defaultPermissions);
    }

    /** A copy with JetStream on under these limits ({@code null}: off). */
    public AccountConfig withJetStream(JetStreamLimits jetStream) {
        return new AccountConfig(name, users, exports, imports, jetStream, mappings, limits, defaultPermissions);
    }

    /** A copy with these subject mappings (source subject → weighted destinations). */
    public AccountConfig withMappings(Map<String, List<Mapping>> mappings) {
        return new AccountConfig(name, users, exports, imports, jetStream, mappings, limits, defaultPermissions);
    }

    /** A copy with these client limits ({@code limits { max_connections, ... }}). */
    public AccountConfig withLimits(Limits limits) {
        return new AccountConfig(name, users, exports, imports, jetStream, mappings, limits, defaultPermissions);
    }

    /** A copy whose users without permissions get these ({@code default_permissions}). */
    public AccountConfig withDefaultPermissions(PermissionsConfig defaultPermissions) {
        return new AccountConfig(name, users, exports, imports, jetStream, mappings, limits, defaultPermissions);
    }

    /** The users, those without permissions given the account's {@code default_permissions}. */
    public List<UserConfig> effectiveUsers() {
        if (defaultPermissions == null) {
            return users;
        }
        return users.stream()
                .map(u -> u.permissions() != null
                        ? u
                        : new UserConfig(u.user(), u.password(), defaultPermissions, u.nkey()))
                .toList();
    }

    /**
     * Client limits of an account, as {@code limits { max_connections, max_subscriptions, max_payload,
     * max_leafnodes }}; {@code -1} is unlimited. {@code maxLeafNodes} is kept for configuration fidelity: the
     * broker has no leaf node connections it would apply to.
     */
    public record Limits(int maxConnections, int maxSubscriptions, int maxPayload, int maxLeafNodes) {

        /** No limit. */
        public static final Limits UNLIMITED = new Limits(-1, -1, -1, -1);
    }

    /**
     * Latency tracking of a service export ({@code latency { sampling, subject }}): {@code sampling} percent of
     * the requests (1..100), or {@code 0} for the requests that carry a tracing header ({@code sampling: headers});
     * measurements ({@code io.nats.server.metric.v1.service_latency}) are published on {@code subject} in the
     * exporting account, as {@code nats-server} does.
     */
    public record Latency(int sampling, String subject) {

        public Latency {
            Objects.requireNonNull(subject, "subject");
            if (sampling < 0 || sampling > 100) {
                throw new IllegalArgumentException("sampling value should be between 1 and 100, was " + sampling);
            }
        }

        /** Whether only requests with tracing headers are measured. */
        public boolean headers() {
            return sampling == 0;
        }
    }

    /** Whether an export or import is a service (request/reply) or a stream (plain messages). */
    public enum Kind {
        SERVICE,
        STREAM
    }

    /** How many answers a service import lets through per request, as {@code response_type}. */
    public enum ResponseType {
        SINGLETON,
        STREAM,
        CHUNKED
    }

    /**
     * A subject this account exports. {@code accounts} empty: public (any account may import it); otherwise only
     * the listed accounts may. {@code responseType} applies to services.
     */
    public record Export(
            Kind kind,
            String subject,
            List<String> accounts,
            ResponseType responseType,
            Duration responseThreshold,
            Latency latency,
            boolean allowTrace) {

        public Export {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            accounts = List.copyOf(accounts == null ? List.of() : accounts);
            responseType = responseType == null ? ResponseType.SINGLETON : responseType;
            if (responseThreshold != null && (responseThreshold.isNegative() || responseThreshold.isZero())) {
                throw new IllegalArgumentException("response threshold must be positive, was " + responseThreshold);
            }
        }

        /** An export whose service imports stop message tracing ({@code allow_trace} false). */
        public Export(
                Kind kind,
                String subject,
                List<String> accounts,
                ResponseType responseType,
                Duration responseThreshold,
                Latency latency) {
            this(kind, subject, accounts, responseType, responseThreshold, latency, false);
        }

        /** An export with the default response threshold (2 minutes) and without latency tracking. */
        public Export(Kind kind, String subject, List<String> accounts, ResponseType responseType) {
            this(kind, subject, accounts, responseType, null, null);
        }

        /** A public service export answering once per request. */
        public static Export service(String subject) {
            return new Export(Kind.SERVICE, subject, List.of(), ResponseType.SINGLETON);
        }

        /** A public stream export. */
        public static Export stream(String subject) {
            return new Export(Kind.STREAM, subject, List.of(), ResponseType.SINGLETON);
        }

        /** A copy exported to these accounts only. */
        public Export restrictedTo(List<String> accounts) {
            return new Export(kind, subject, accounts, responseType, responseThreshold, latency, allowTrace);
        }

        /**
         * A copy whose importers wait at most {@code threshold} for the answers to a request
         * ({@code response_threshold}; {@code null}: 2 minutes).
         */
        public Export withResponseThreshold(Duration threshold) {
            return new Export(kind, subject, accounts, responseType, threshold, latency, allowTrace);
        }

        /** A copy with latency tracking ({@code null}: none). */
        public Export withLatency(Latency latency) {
            return new Export(kind, subject, accounts, responseType, responseThreshold, latency, allowTrace);
        }

        /**
         * A copy whose service imports carry message tracing on into this account ({@code allow_trace}; services
         * only, as in {@code nats-server}).
         */
        public Export withAllowTrace(boolean allowTrace) {
            return new Export(kind, subject, accounts, responseType, responseThreshold, latency, allowTrace);
        }

        /** A copy with this response type. */
        public Export withResponseType(ResponseType responseType) {
            return new Export(kind, subject, accounts, responseType, responseThreshold, latency, allowTrace);
        }
    }

    /**
     * A subject this account imports from {@code account}. For a service, {@code to} is the local subject the
     * importer publishes on (default: {@code subject}). For a stream, {@code to} is the local subject the messages
     * arrive on (default: {@code subject}) and {@code prefix}, when set, is prepended to the exported subject.
     */
    public record Import(
            Kind kind, String account, String subject, String to, String prefix, boolean share, boolean allowTrace) {

        public Import {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(subject, "subject");
        }

        /** An import that stops message tracing at the exporter ({@code allow_trace} false). */
        public Import(Kind kind, String account, String subject, String to, String prefix, boolean share) {
            this(kind, account, subject, to, prefix, share, false);
        }

        /** An import that does not share the requester's details with latency tracking. */
        public Import(Kind kind, String account, String subject, String to, String prefix) {
            this(kind, account, subject, to, prefix, false);
        }

        /**
         * A copy that shares ({@code share: true}) the requester's details with the exporter's latency
         * tracking.
         */
        public Import shared(boolean share) {
            return new Import(kind, account, subject, to, prefix, share, allowTrace);
        }

        /**
         * A copy that carries message tracing on into this account ({@code allow_trace}; stream imports only, as in
         * {@code nats-server}).
         */
        public Import withAllowTrace(boolean allowTrace) {
            return new Import(kind, account, subject, to, prefix, share, allowTrace);
        }

        /** A service import under its exported subject. */
        public static Import service(String account, String subject) {
            return new Import(Kind.SERVICE, account, subject, null, null);
        }

        /** A stream import under its exported subject. */
        public static Import stream(String account, String subject) {
            return new Import(Kind.STREAM, account, subject, null, null);
        }

        /** A copy published (service) or delivered (stream) locally on {@code to}. */
        public Import to(String to) {
            return new Import(kind, account, subject, to, prefix, share, allowTrace);
        }

        /** A copy whose stream messages arrive as {@code prefix.<subject>}. */
        public Import withPrefix(String prefix) {
            return new Import(kind, account, subject, to, prefix, share, allowTrace);
        }
    }

    /** JetStream limits of an account; {@code -1} is unlimited. */
    public record JetStreamLimits(long maxMemory, long maxFile, int maxStreams, int maxConsumers) {

        /** JetStream on without account limits (the server's limits still apply). */
        public static final JetStreamLimits UNLIMITED = new JetStreamLimits(-1, -1, -1, -1);
    }

    /** One destination of a subject mapping, taken for {@code weight} percent of the messages (1..100). */
    public record Mapping(String destination, int weight) {

        public Mapping {
            Objects.requireNonNull(destination, "destination");
            if (weight < 1 || weight > 100) {
                throw new IllegalArgumentException("mapping weight must be between 1 and 100, was " + weight);
            }
        }

        /** All messages to {@code destination}. */
        public static Mapping to(String destination) {
            return new Mapping(destination, 100);
        }
    }
}
