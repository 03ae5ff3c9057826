package io.natsspring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * One account of the embedded broker ({@code nats.broker.accounts.<NAME>.*}), as nats-server's
 * {@code accounts { NAME: { users, exports, imports, jetstream, mappings } }}: its users, the subjects it shares
 * with and takes from other accounts, its JetStream limits and its subject mappings. Subjects and streams of two
 * accounts never meet except through exports and imports.
 */
public class NatsBrokerAccount {

    /** Users that log in to this account (same fields as nats.broker.users[*]). */
    private List<NatsBrokerProperties.User> users = new ArrayList<>();

    /** Subjects this account offers to other accounts. */
    private List<Export> exports = new ArrayList<>();

    /** Subjects this account takes from other accounts' exports. */
    private List<Import> imports = new ArrayList<>();

    /** JetStream of this account; off unless enabled or a limit is set. */
    private final JetStream jetstream = new JetStream();

    /** Subject mappings of this account; entries with the same subject form a weighted mapping. */
    private List<Mapping> mappings = new ArrayList<>();

    public List<NatsBrokerProperties.User> getUsers() {
        return users;
    }

    public void setUsers(List<NatsBrokerProperties.User> users) {
        this.users = users;
    }

    public List<Export> getExports() {
        return exports;
    }

    public void setExports(List<Export> exports) {
        this.exports = exports;
    }

    public List<Import> getImports() {
        return imports;
    }

    public void setImports(List<Import> imports) {
        this.imports = imports;
    }

    public JetStream getJetstream() {
        return jetstream;
    }

    public List<Mapping> getMappings() {
        return mappings;
    }

    public void setMappings(List<Mapping> mappings) {
        this.mappings = mappings;
    }

    /** How many responses a service export lets through per request (nats-server's response_type). */
    public enum ResponseType {
        /** One response. */
        SINGLETON,
        /** Any number of responses. */
        STREAM,
        /** Any number of responses, the last one empty. */
        CHUNKED
    }

    /** One export: exactly one of service (request/reply) or stream (plain messages). */
    public static class Export {

        /** Subject of a service export (requests to it are answered by this account). */
        private String service;

        /** Subject of a stream export (messages published on it are delivered to importers). */
        private String stream;

        /** Accounts allowed to import it; empty makes it public. */
        private List<String> accounts = new ArrayList<>();

        /** Responses per request of a service export. */
        private ResponseType responseType = ResponseType.SINGLETON;

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        public String getStream() {
            return stream;
        }

        public void setStream(String stream) {
            this.stream = stream;
        }

        public List<String> getAccounts() {
            return accounts;
        }

        public void setAccounts(List<String> accounts) {
            this.accounts = accounts;
        }

        public ResponseType getResponseType() {
            return responseType;
        }

        public void setResponseType(ResponseType responseType) {
            this.responseType = responseType;
        }
    }

    /** One import: exactly one of service or stream, from account. */
    public static class Import {

        /** Exported service subject to import. */
        private String service;

        /** Exported stream subject to import. */
        private String stream;

        /** Account that exports it. */
        private String account;

        /** Local subject: where this account publishes requests (service) or receives the messages (stream). */
        private String to;

        /** Stream imports: prefix put before the exported subject (messages arrive on prefix.subject). */
        private String prefix;

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        public String getStream() {
            return stream;
        }

        public void setStream(String stream) {
            this.stream = stream;
        }

        public String getAccount() {
            return account;
        }

        public void setAccount(String account) {
            this.account = account;
        }

        public String getTo() {
            return to;
        }

        public void setTo(String to) {
            this.to = to;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }
    }

    /** JetStream of an account: its own streams and API, within these limits (unset is unlimited). */
    public static class JetStream {

        /** Whether the account has JetStream; unset means on when a limit is set, else off. */
        private Boolean enabled;

        /** Largest total size of the account's memory-backed streams. */
        private DataSize maxMemory;

        /** Largest total size of the account's file-backed streams. */
        private DataSize maxFile;

        /** Largest number of streams of the account. */
        private Integer maxStreams;

        /** Largest number of consumers of the account. */
        private Integer maxConsumers;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public DataSize getMaxMemory() {
            return maxMemory;
        }

        public void setMaxMemory(DataSize maxMemory) {
            this.maxMemory = maxMemory;
        }

        public DataSize getMaxFile() {
            return maxFile;
        }

        public void setMaxFile(DataSize maxFile) {
            this.maxFile = maxFile;
        }

        public Integer getMaxStreams() {
            return maxStreams;
        }

        public void setMaxStreams(Integer maxStreams) {
            this.maxStreams = maxStreams;
        }

        public Integer getMaxConsumers() {
            return maxConsumers;
        }

        public void setMaxConsumers(Integer maxConsumers) {
            this.maxConsumers = maxConsumers;
        }

        /** Whether JetStream is on: explicitly, or by a limit being set. */
        public boolean isOn() {
            return enabled != null
                    ? enabled
                    : maxMemory != null || maxFile != null || maxStreams != null || maxConsumers != null;
        }
    }

    /** One destination of a subject mapping. */
    public static class Mapping {

        /** Subject (wildcards allowed) whose messages are mapped. */
        private String subject;

        /** Subject they go to instead; may use {{wildcard(n)}} and the other nats-server mapping functions. */
        private String destination;

        /** Percentage (1-100) of the subject's messages that take this destination. */
        private int weight = 100;

        public String getSubject() {
            return subject;
        }

        public void setSubject(String subject) {
            this.subject = subject;
        }

        public String getDestination() {
            return destination;
        }

        public void setDestination(String destination) {
            this.destination = destination;
        }

        public int getWeight() {
            return weight;
        }

        public void setWeight(int weight) {
            this.weight = weight;
        }
    }
}
