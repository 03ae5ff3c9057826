package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.PermissionsConfig;
import io.natsspring.broker.UserConfig;
import io.natsspring.broker.internal.auth.NKeyVerifier;
import io.natsspring.broker.internal.routing.Subjects;
import io.natsspring.broker.internal.time.GoDuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@code accounts { NAME: { nkey, users, exports, imports, jetstream, mappings, limits,
 * default_permissions } }} to the options, with {@code nats-server}'s syntax: exports {@code { service | stream:
 * subject, accounts: [..], account_token_position, response_type, response_threshold, latency, allow_trace }},
 * imports {@code { service | stream: { account, subject }, to, prefix, share, allow_trace }}, {@code limits { max_connections, max_subscriptions, max_payload, max_leafnodes }},
 * {@code jetstream: enabled | disabled |
 * { max_mem, max_file, max_streams, max_consumers }}, mappings {@code { source: destination | [ { destination,
 * weight } ] }}. An import of an unknown account or of something not exported to the importer fails, as in
 * {@code nats-server}, naming the import's line.
 */
final class AccountsBlock {

    /** Account keys accepted with a warning (none left: every key of 2.15.1 is applied or refused as there). */
    private static final Set<String> ACCOUNT_NOT_SUPPORTED_YET = Set.of();

    private AccountsBlock() {}

    static void apply(ConfigEntry accounts, BrokerOptions.Builder options, List<ConfigWarning> warnings) {
        List<AccountConfig> result = new ArrayList<>();
        Map<String, ConfigEntry> importsAt = new LinkedHashMap<>();
        Map<AccountConfig.Export, Integer> tokenPositions = new java.util.IdentityHashMap<>();
        for (ConfigEntry e : EntryValues.block(accounts).entries()) {
            if (e.variable()) {
                continue;
            }
            result.add(account(e, warnings, importsAt, tokenPositions));
        }
        checkImports(result, importsAt, tokenPositions);
        options.accounts(result);
    }

    /**
     * An account's {@code nkey}: checked as {@code nats-server} checks it (a public account key, {@code A...}); as
     * in {@code nats-server} 2.15 it names nothing a client can see (the account keeps its configured name in
     * subjects, {@code /accountz} and events), so nothing else is done with it.
     */
    private static void accountNkey(ConfigEntry e) {
        String text = e.value() instanceof ConfigString s ? s.value() : null;
        if (text == null || !NKeyVerifier.isValidPublicKey(text, 'A')) {
            String shown = text != null
                    ? text
                    : e.value() instanceof ConfigInteger i
                            ? i.text()
                            : e.value().describe();
            throw new ConfigException(e.location(), "Not a valid public nkey for an account: \"" + shown + "\"");
        }
    }

    private static AccountConfig account(
            ConfigEntry entry,
            List<ConfigWarning> warnings,
            Map<String, ConfigEntry> at,
            Map<AccountConfig.Export, Integer> tokenPositions) {
        String name = entry.key();
        String where = "account " + name;
        List<UserConfig> users = new ArrayList<>();
        List<AccountConfig.Export> exports = new ArrayList<>();
        List<AccountConfig.Import> imports = new ArrayList<>();
        AccountConfig.JetStreamLimits jetStream = null;
        Map<String, List<AccountConfig.Mapping>> mappings = new LinkedHashMap<>();
        AccountConfig.Limits limits = null;
        PermissionsConfig defaultPermissions = null;
        AccountConfig.MsgTrace msgTrace = null;
        for (ConfigEntry e : EntryValues.block(entry).entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "users" -> {
                    for (ConfigMap block : EntryValues.blocks(e)) {
                        UserConfig u = AuthorizationBlock.user(block, null, warnings);
                        if (u != null) {
                            users.add(u);
                        }
                    }
                }
                case "exports" -> {
                    for (ConfigMap block : EntryValues.blocks(e)) {
                        exports.add(export(block, where, warnings, tokenPositions));
                    }
                }
                case "imports" -> {
                    for (ConfigMap block : EntryValues.blocks(e)) {
                        AccountConfig.Import i = importOf(block, where, warnings);
                        at.put(
                                name + "\u0000" + imports.size(),
                                new ConfigEntry("imports", block.location(), block, false));
                        imports.add(i);
                    }
                }
                case "jetstream", "js" -> jetStream = jetStream(e, where);
                case "mappings", "maps" -> mappings.putAll(mappings(e));
                case "limits" -> limits = AccountLimitsBlock.read(e);
                case "default_permissions" -> defaultPermissions = PermissionsBlock.read(e, warnings);
                case "msg_trace", "trace_dest" -> msgTrace = MsgTraceBlock.read(e, warnings);
                case "nkey" -> accountNkey(e);
                default -> {
                    if (!ACCOUNT_NOT_SUPPORTED_YET.contains(EntryValues.name(e))) {
                        throw SettingProblems.unknown(e, where);
                    }
                    warnings.add(SettingProblems.notSupportedYet(e, where));
                }
            }
        }
        try {
            return new AccountConfig(
                    name, users, exports, imports, jetStream, mappings, limits, defaultPermissions, msgTrace);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(entry.location(), ex.getMessage());
        }
    }

    private static AccountConfig.Export export(
            ConfigMap block,
            String where,
            List<ConfigWarning> warnings,
            Map<AccountConfig.Export, Integer> tokenPositions) {
        AccountConfig.Kind kind = null;
        long tokenPosition = 0;
        String subject = null;
        List<String> accounts = List.of();
        AccountConfig.ResponseType responses = null;
        ConfigEntry threshold = null;
        ConfigEntry latency = null;
        ConfigEntry allowTrace = null;
        for (ConfigEntry e : block.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "service" -> {
                    kind = AccountConfig.Kind.SERVICE;
                    subject = EntryValues.string(e);
                }
                case "stream" -> {
                    kind = AccountConfig.Kind.STREAM;
                    subject = EntryValues.string(e);
                }
                case "accounts" -> accounts = EntryValues.strings(e);
                case "response_type", "response" -> responses = responseType(e);
                case "threshold", "response_threshold", "response_max_time", "response_time" -> {
                    if (threshold != null) {
                        throw new ConfigException(e.location(), "Duplicate response threshold detected");
                    }
                    threshold = e;
                }
                case "latency" -> latency = e;
                case "account_token_position" -> tokenPosition = EntryValues.integer(e);
                case "allow_trace" -> allowTrace = e;
                default -> throw SettingProblems.unknown(e, "an export of " + where);
            }
        }
        if (kind == null) {
            throw new ConfigException(block.location(), "an export of " + where + " needs 'service' or 'stream'");
        }
        if (kind == AccountConfig.Kind.STREAM && (threshold != null || responses != null)) {
            throw new ConfigException(
                    threshold != null ? threshold.location() : block.location(),
                    "Detected response directive on non-service");
        }
        if (kind == AccountConfig.Kind.STREAM && latency != null) {
            throw new ConfigException(latency.location(), "Detected latency directive on non-service");
        }
        if (kind == AccountConfig.Kind.STREAM && allowTrace != null) {
            throw new ConfigException(allowTrace.location(), "Detected allow_trace directive on non-service");
        }
        if (tokenPosition > 0) {
            String[] tokens = subject.split("\\.", -1);
            if (tokens.length < tokenPosition || !tokens[(int) tokenPosition - 1].equals("*")) {
                throw new ConfigException(
                        block.location(),
                        "Error adding " + (kind == AccountConfig.Kind.SERVICE ? "service" : "stream") + " export \""
                                + subject + "\": sublist: invalid subject");
            }
        }
        AccountConfig.Export export = new AccountConfig.Export(
                kind,
                subject,
                // with account_token_position the subject names the importer: checked here, open at run time
                tokenPosition > 0 ? List.of() : accounts,
                responses,
                threshold == null ? null : responseThreshold(threshold),
                latency == null ? null : ServiceLatencyBlock.read(latency),
                allowTrace != null && AllowTrace.read(allowTrace));
        if (tokenPosition > 0) {
            tokenPositions.put(export, (int) tokenPosition);
        }
        return export;
    }

    private static java.time.Duration responseThreshold(ConfigEntry e) {
        if (!(e.value() instanceof ConfigString s)) {
            throw new ConfigException(
                    e.location(),
                    "Expected response threshold to be a parseable time duration, got "
                            + e.value().describe());
        }
        try {
            java.time.Duration d = GoDuration.parseDuration(s.value());
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return d;
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(
                    e.location(),
                    "Expected response threshold to be a parseable time duration, got \"" + s.value() + "\"");
        }
    }

    private static AccountConfig.ResponseType responseType(ConfigEntry e) {
        return switch (EntryValues.string(e).toLowerCase(Locale.ROOT)) {
            case "singleton", "single" -> AccountConfig.ResponseType.SINGLETON;
            case "stream" -> AccountConfig.ResponseType.STREAM;
            case "chunked" -> AccountConfig.ResponseType.CHUNKED;
            default -> throw EntryValues.invalid(e, "expected singleton, stream or chunked");
        };
    }

    private static AccountConfig.Import importOf(ConfigMap block, String where, List<ConfigWarning> warnings) {
        AccountConfig.Kind kind = null;
        String account = null;
        String subject = null;
        String to = null;
        String prefix = null;
        boolean share = false;
        ConfigEntry allowTrace = null;
        for (ConfigEntry e : block.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "service", "stream" -> {
                    kind = EntryValues.name(e).equals("service")
                            ? AccountConfig.Kind.SERVICE
                            : AccountConfig.Kind.STREAM;
                    for (ConfigEntry s : EntryValues.block(e).entries()) {
                        switch (EntryValues.name(s)) {
                            case "account" -> account = EntryValues.string(s);
                            case "subject" -> subject = EntryValues.string(s);
                            default -> throw SettingProblems.unknown(s, "an import of " + where);
                        }
                    }
                }
                case "to", "local_subject" -> to = EntryValues.string(e);
                case "prefix" -> prefix = EntryValues.string(e);
                case "share" -> share = EntryValues.bool(e);
                case "allow_trace" -> allowTrace = e;
                default -> throw SettingProblems.unknown(e, "an import of " + where);
            }
        }
        if (kind == AccountConfig.Kind.SERVICE && allowTrace != null) {
            throw new ConfigException(allowTrace.location(), "Detected allow_trace directive on a non-stream");
        }
        if (kind == null || account == null || subject == null) {
            throw new ConfigException(
                    block.location(),
                    "an import of " + where + " needs 'service' or 'stream' with 'account' and 'subject'");
        }
        if (kind == AccountConfig.Kind.SERVICE && prefix != null) {
            throw new ConfigException(block.location(), "a service import of " + where + " can not have a 'prefix'");
        }
        return new AccountConfig.Import(
                kind, account, subject, to, prefix, share, allowTrace != null && AllowTrace.read(allowTrace));
    }

    private static AccountConfig.JetStreamLimits jetStream(ConfigEntry e, String where) {
        if (!(e.value() instanceof ConfigMap block)) {
            boolean on = e.value() instanceof ConfigBoolean b
                    ? b.value()
                    : switch (EntryValues.string(e).toLowerCase(Locale.ROOT)) {
                        case "enabled", "enable", "true" -> true;
                        case "disabled", "disable", "false" -> false;
                        default -> throw EntryValues.invalid(e, "expected enabled, disabled or a block { ... }");
                    };
            return on ? AccountConfig.JetStreamLimits.UNLIMITED : null;
        }
        long maxMem = -1;
        long maxFile = -1;
        int maxStreams = -1;
        int maxConsumers = -1;
        for (ConfigEntry l : block.entries()) {
            switch (EntryValues.name(l)) {
                case "max_mem", "max_memory", "max_memory_store", "max_mem_store" ->
                    maxMem = EntryValues.sizeOrUnlimited(l);
                case "max_file", "max_store", "max_file_store", "max_disk" -> maxFile = EntryValues.sizeOrUnlimited(l);
                case "max_streams" -> maxStreams = (int) EntryValues.integer(l);
                case "max_consumers" -> maxConsumers = (int) EntryValues.integer(l);
                default -> throw SettingProblems.unknown(l, "jetstream of " + where);
            }
        }
        return new AccountConfig.JetStreamLimits(maxMem, maxFile, maxStreams, maxConsumers);
    }

    private static Map<String, List<AccountConfig.Mapping>> mappings(ConfigEntry e) {
        Map<String, List<AccountConfig.Mapping>> out = new LinkedHashMap<>();
        for (ConfigEntry m : EntryValues.block(e).entries()) {
            if (m.value() instanceof ConfigString
                    || !(m.value() instanceof ConfigMap || m.value() instanceof ConfigList)) {
                out.put(m.key(), List.of(AccountConfig.Mapping.to(EntryValues.string(m))));
                continue;
            }
            List<AccountConfig.Mapping> destinations = new ArrayList<>();
            for (ConfigMap d : EntryValues.blocks(m)) {
                String destination = null;
                int weight = 100;
                for (ConfigEntry f : d.entries()) {
                    switch (EntryValues.name(f)) {
                        case "destination", "dest" -> destination = EntryValues.string(f);
                        case "weight" -> weight = weight(f);
                        case "cluster" -> throw EntryValues.invalid(f, "cluster-scoped mappings are not supported");
                        default -> throw SettingProblems.unknown(f, "mapping '" + m.key() + "'");
                    }
                }
                if (destination == null) {
                    throw new ConfigException(
                            d.location(), "a destination of mapping '" + m.key() + "' needs 'destination'");
                }
                try {
                    destinations.add(new AccountConfig.Mapping(destination, weight));
                } catch (IllegalArgumentException ex) {
                    throw new ConfigException(d.location(), ex.getMessage());
                }
            }
            out.put(m.key(), destinations);
        }
        return out;
    }

    private static int weight(ConfigEntry f) {
        String text = f.value() instanceof ConfigInteger i ? Long.toString(i.value()) : EntryValues.string(f);
        try {
            return Integer.parseInt(text.trim().replace("%", ""));
        } catch (NumberFormatException ex) {
            throw EntryValues.invalid(f, "expected a percentage like 50%");
        }
    }

    private static void checkImports(
            List<AccountConfig> accounts,
            Map<String, ConfigEntry> at,
            Map<AccountConfig.Export, Integer> tokenPositions) {
        Map<String, AccountConfig> byName = new LinkedHashMap<>();
        accounts.forEach(a -> byName.put(a.name(), a));
        for (AccountConfig a : accounts) {
            for (int n = 0; n < a.imports().size(); n++) {
                AccountConfig.Import i = a.imports().get(n);
                ConfigLocation where = at.get(a.name() + "\u0000" + n).location();
                String kind = i.kind() == AccountConfig.Kind.SERVICE ? "service" : "stream";
                AccountConfig exporter = byName.get(i.account());
                if (exporter == null) {
                    throw new ConfigException(
                            where, "\"" + i.account() + "\" account not defined for " + kind + " import");
                }
                boolean exported = false;
                boolean authorized = false;
                for (AccountConfig.Export e : exporter.exports()) {
                    if (e.kind() == i.kind() && Subjects.isSubsetOf(i.subject(), e.subject())) {
                        exported = true;
                        Integer position = tokenPositions.get(e);
                        if (position != null) {
                            // as nats-server: the import subject's token at the position is the importer's name
                            String[] tokens = i.subject().split("\\.", -1);
                            authorized |= position <= tokens.length && tokens[position - 1].equals(a.name());
                        } else {
                            authorized |= e.accounts().isEmpty() || e.accounts().contains(a.name());
                        }
                    }
                }
                if (!exported || !authorized) {
                    throw new ConfigException(
                            where,
                            "Error adding " + kind + " import \"" + i.subject() + "\": " + kind
                                    + " import not authorized");
                }
            }
        }
    }
}
