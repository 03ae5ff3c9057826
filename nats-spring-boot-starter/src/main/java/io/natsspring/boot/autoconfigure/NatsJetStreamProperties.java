package io.natsspring.boot.autoconfigure;

import io.nats.client.api.StorageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * JetStream ({@code nats.jetstream.*}): API options and the streams, consumers and buckets the application
 * declares. Declared resources are created or updated to match at startup.
 */
public class NatsJetStreamProperties {

    /** JetStream domain to address (leaf-node setups); unset uses the account's default. */
    private String domain;

    /** Prefix of the JetStream API subjects, for cross-account imports; unset means $JS.API. */
    private String apiPrefix;

    /** Timeout of JetStream API requests and publish acknowledgements. */
    private Duration requestTimeout = Duration.ofSeconds(5);

    /** Streams to create or update at startup. */
    private List<StreamDeclaration> streams = new ArrayList<>();

    /** Durable consumers to create or update at startup (after their streams). */
    private List<ConsumerDeclaration> consumers = new ArrayList<>();

    /** Key-Value buckets to create or update at startup. */
    private List<KeyValueDeclaration> keyValue = new ArrayList<>();

    /** Object Store buckets to create at startup. */
    private List<ObjectStoreDeclaration> objectStore = new ArrayList<>();

    /** How declarations are applied. */
    private final Declarations declarations = new Declarations();

    /** Dead-letter routing of messages that exhausted their deliveries or were terminated. */
    private final DeadLetter deadLetter = new DeadLetter();

    public String getDomain() {
        return domain;
    }

    public void setDomain(String domain) {
        this.domain = domain;
    }

    public String getApiPrefix() {
        return apiPrefix;
    }

    public void setApiPrefix(String apiPrefix) {
        this.apiPrefix = apiPrefix;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public List<StreamDeclaration> getStreams() {
        return streams;
    }

    public void setStreams(List<StreamDeclaration> streams) {
        this.streams = streams;
    }

    public List<ConsumerDeclaration> getConsumers() {
        return consumers;
    }

    public void setConsumers(List<ConsumerDeclaration> consumers) {
        this.consumers = consumers;
    }

    public List<KeyValueDeclaration> getKeyValue() {
        return keyValue;
    }

    public void setKeyValue(List<KeyValueDeclaration> keyValue) {
        this.keyValue = keyValue;
    }

    public List<ObjectStoreDeclaration> getObjectStore() {
        return objectStore;
    }

    public void setObjectStore(List<ObjectStoreDeclaration> objectStore) {
        this.objectStore = objectStore;
    }

    public Declarations getDeclarations() {
        return declarations;
    }

    public DeadLetter getDeadLetter() {
        return deadLetter;
    }

    /** How declared streams, consumers and buckets are reconciled with the server. */
    public static class Declarations {

        /** Whether declarations (properties and StreamConfiguration/ConsumerConfiguration beans) are applied. */
        private boolean enabled = true;

        /**
         * What happens when the server refuses to update a declared resource to match (an incompatible change):
         * FAIL stops startup with the resource and field named, WARN logs it and keeps the server's version.
         */
        private OnConflict onConflict = OnConflict.FAIL;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public OnConflict getOnConflict() {
            return onConflict;
        }

        public void setOnConflict(OnConflict onConflict) {
            this.onConflict = onConflict;
        }
    }

    /**
     * Dead-letter queue: messages that reached their consumer's max deliveries (and, optionally, messages a
     * listener terminated) are copied into a DLQ stream with their subject, headers and payload, plus headers
     * describing the failure.
     */
    public static class DeadLetter {

        /** Whether dead-letter routing applies to all streams (per stream: nats.jetstream.streams[*].dead-letter). */
        private boolean enabled = false;

        /** Name of the DLQ stream, created when missing. */
        private String stream = "DLQ";

        /** Subject prefix of dead letters: a dead letter from stream S is published to <prefix>.S.<subject>. */
        private String subjectPrefix = "dlq";

        /** Whether messages terminated by the consumer (AckTerm) are routed too. */
        private boolean includeTerminated = true;

        /** Storage of the DLQ stream. */
        private StorageType storage = StorageType.File;

        /** How long dead letters are kept. */
        private Duration maxAge = Duration.ofDays(7);

        /** Replicas of the DLQ stream (clustered servers only). */
        private int replicas = 1;

        /** Queue group of the advisory subscription, so that one instance of a scaled-out service routes each message. */
        private String queueGroup = "nats-spring-dlq";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getStream() {
            return stream;
        }

        public void setStream(String stream) {
            this.stream = stream;
        }

        public String getSubjectPrefix() {
            return subjectPrefix;
        }

        public void setSubjectPrefix(String subjectPrefix) {
            this.subjectPrefix = subjectPrefix;
        }

        public boolean isIncludeTerminated() {
            return includeTerminated;
        }

        public void setIncludeTerminated(boolean includeTerminated) {
            this.includeTerminated = includeTerminated;
        }

        public StorageType getStorage() {
            return storage;
        }

        public void setStorage(StorageType storage) {
            this.storage = storage;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public int getReplicas() {
            return replicas;
        }

        public void setReplicas(int replicas) {
            this.replicas = replicas;
        }

        public String getQueueGroup() {
            return queueGroup;
        }

        public void setQueueGroup(String queueGroup) {
            this.queueGroup = queueGroup;
        }
    }
}
